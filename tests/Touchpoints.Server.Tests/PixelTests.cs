using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

public sealed class PixelTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Get_WhenValid_ThenTransparentGifNoStoreAndJourney()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("px");

        // Act
        using var response = await _client.GetAsync(
            $"api/t.gif?uid={user}&e=Email%20Opened&ch=email&mid=m-{user}&ts=1767261600000&p.price=19.90&p.zip=007&utm_source=newsletter&utm_medium=email&utm_campaign=winter",
            TestContext.Current.CancellationToken);

        // Assert
        await AssertGifAsync(response);
        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        Assert.Equal("awareness", journey.DefaultFunnel().GetProperty("furthestStage").GetString());
        Assert.Equal("email", journey.DefaultFunnel().GetProperty("firstTouchChannel").GetString());
        var touch = journey.RootElement.GetProperty("timeline")[0];
        Assert.Equal($"m-{user}", touch.GetProperty("messageId").GetString());
        Assert.Equal("2026-01-01T10:00:00.000Z", touch.GetProperty("timestamp").GetString());
        Assert.Equal(JsonValueKind.Number, touch.GetProperty("properties").GetProperty("price").ValueKind);
        Assert.Equal("007", touch.GetProperty("properties").GetProperty("zip").GetString());
    }

    [Fact]
    public async Task Get_WhenInputInvalid_ThenStillGifAndDeadLetterWithReason()
    {
        // Arrange
        var marker = ServerClientExtensions.NewId("bad");

        // Act
        using var response = await _client.GetAsync($"api/t.gif?uid={marker}&t=bogus&e=x", TestContext.Current.CancellationToken);

        // Assert
        await AssertGifAsync(response);
        var letter = Assert.Single(await server.DeadLettersAsync(), l => l.Contains(marker, StringComparison.Ordinal));
        Assert.Contains("/pixel/", letter, StringComparison.Ordinal);
        Assert.Contains("\"field\": \"type\"", letter, StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"invalid: type:", letter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WhenEventMissing_ThenGifAndNothingWritten()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("noevent");

        // Act
        using var response = await _client.GetAsync($"api/t.gif?uid={user}", TestContext.Current.CancellationToken);

        // Assert
        await AssertGifAsync(response);
        Assert.Null(await _client.JourneyAsync(user));
    }

    [Fact]
    public async Task Get_WhenNoIds_ThenSetsFirstPartyCookieAndReadsItBack()
    {
        // Act
        using var first = await _client.GetAsync("api/t.gif?e=Ad%20Viewed", TestContext.Current.CancellationToken);
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        var id = setCookie.Split(';')[0].Split('=')[1];
        using var secondRequest = new HttpRequestMessage(HttpMethod.Get, "api/t.gif?e=Product%20Viewed");
        secondRequest.Headers.Add("Cookie", $"tp_aid={id}");
        using var second = await _client.SendAsync(secondRequest, TestContext.Current.CancellationToken);

        // Assert
        await AssertGifAsync(first);
        await AssertGifAsync(second);
        Assert.StartsWith("tp_aid=", setCookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=31536000", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(second.Headers.Contains("Set-Cookie"));
        using var journey = await _client.JourneyAsync(id);
        Assert.NotNull(journey);
        Assert.Equal(2, journey.DefaultFunnel().GetProperty("touchCount").GetInt64());
        Assert.True(journey.DefaultFunnel().GetProperty("anonymous").GetBoolean());
    }

    [Fact]
    public async Task Get_WhenAViewRepeatsWithANewCacheBusterAndARequestIsRetried_ThenViewsCountAndRetriesDoNot()
    {
        // Arrange: no mid, as a hand-written snippet sends it; each view adds its own cache-buster.
        var user = ServerClientExtensions.NewId("repeat");
        var firstView = $"api/t.gif?uid={user}&t=page&e=Pricing&cb=1";
        var secondView = $"api/t.gif?uid={user}&t=page&e=Pricing&cb=2";

        // Act
        foreach (var path in new[] { firstView, firstView, secondView, secondView })
        {
            using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
            await AssertGifAsync(response);
        }

        // Assert
        using var journey = await _client.JourneyAsync(user);
        Assert.Equal(2, journey!.DefaultFunnel().GetProperty("touchCount").GetInt64());
    }

    [Fact]
    public async Task GetSegmentPixel_WhenBase64Message_ThenJourney()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("seg");
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"userId":"{{user}}","event":"Order Completed","writeKey":"{{ServerFixtureBase.WriteKey}}"}"""))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        // Act
        using var response = await _client.GetAsync($"api/v1/pixel/track?data={data}", TestContext.Current.CancellationToken);

        // Assert
        await AssertGifAsync(response);
        using var journey = await _client.JourneyAsync(user);
        Assert.Equal("purchase", journey!.DefaultFunnel().GetProperty("furthestStage").GetString());
    }

    [Fact]
    public async Task GetSegmentPixel_WhenDataIsNotBase64_ThenGifAndDeadLetter()
    {
        // Act
        using var response = await _client.GetAsync("api/v1/pixel/track?data=%21%21not-base64%21%21&marker=segbad", TestContext.Current.CancellationToken);

        // Assert
        await AssertGifAsync(response);
        Assert.Contains(await server.DeadLettersAsync(), static l => l.Contains("segbad", StringComparison.Ordinal) && l.Contains("not valid base64", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-known-key")]
    public async Task GetSegmentPixel_WhenWriteKeyMissingOrUnknown_ThenGifButNothingAppliedNorKept(string? writeKey)
    {
        // Arrange
        var user = ServerClientExtensions.NewId("segkey");
        var key = writeKey is null ? string.Empty : $$""","writeKey":"{{writeKey}}" """.TrimEnd();
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"userId":"{{user}}","event":"Order Completed"{{key}}}"""))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        // Act
        using var response = await _client.GetAsync($"api/v1/pixel/track?data={data}", TestContext.Current.CancellationToken);

        // Assert
        await AssertGifAsync(response);
        Assert.Null(await _client.JourneyAsync(user));
        Assert.DoesNotContain(await server.DeadLettersAsync(), l => l.Contains(data, StringComparison.Ordinal));
    }

    private static async Task AssertGifAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(43, body.Length);
        Assert.Equal(Gif, body);
    }
}
