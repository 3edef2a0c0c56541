using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>Bodies the JSON parser lets through or stops early on: each is a 400 naming the field, and nothing is written.</summary>
public sealed class MalformedInputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    public static TheoryData<string, byte[]> InvalidText => new()
    {
        { "byte FF", [0xFF] },
        { "byte FE", [0xFE] },
        { "overlong slash", [0xC0, 0xAF] },
        { "encoded surrogate", [0xED, 0xA0, 0x80] },
        { "truncated euro sign", [0xE2, 0x82] },
    };

    [Theory]
    [MemberData(nameof(InvalidText))]
    public async Task PostTrack_WhenAStringHoldsInvalidUtf8_Then400NamingTheFieldAndNothingWritten(string name, byte[] bad)
    {
        // Arrange
        var user = ServerClientExtensions.NewId("utf8");
        var body = Concat($$"""{"userId":"{{user}}","event":"Product Viewed","properties":{"title":"a""", bad, "b\"}}"u8.ToArray());

        // Act
        using var response = await _client.SendAsync(Post("api/v1/track", body), TestContext.Current.CancellationToken);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        Assert.Equal(["properties.title"], await FieldsAsync(response));
        Assert.Null(await _client.JourneyAsync(user));
    }

    [Theory]
    [InlineData("""\ud83d""")]
    [InlineData("""\ude00 after""")]
    [InlineData("""cut \ud83d""")]
    public async Task PostBatch_WhenAnEscapeLeavesASurrogateUnpaired_Then400NamingTheField(string escaped)
    {
        // Arrange
        var user = ServerClientExtensions.NewId("surrogate");
        var json = $$"""{"batch":[{"type":"track","userId":"{{user}}","event":"Product Viewed"},{"type":"track","userId":"{{user}}","event":"{{escaped}}"}]}""";

        // Act
        using var response = await _client.SendAsync(Post("api/v1/batch", Encoding.UTF8.GetBytes(json)), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["batch[1].event"], await FieldsAsync(response));
        Assert.Null(await _client.JourneyAsync(user));
    }

    [Theory]
    [InlineData("""{"userId":"{{user}}","event":"Product Viewed"} {"userId":"{{user}}","event":"Order Completed"}""")]
    [InlineData("""{"userId":"{{user}}","event":"Product Viewed"}]""")]
    [InlineData("""{"userId":"{{user}}","event":"Product Viewed"}x""")]
    [InlineData("""[{"userId":"{{user}}","event":"Product Viewed"}]""")]
    [InlineData("""{"batch":[{"type":"track","userId":"{{user}}","event":"Product Viewed"}]}""")]
    public async Task PostTrack_WhenContentFollowsTheValueOrManyMessagesGoToASingleMessageRoute_Then400AndNothingWritten(string template)
    {
        // Arrange
        var user = ServerClientExtensions.NewId("one-value");
        var json = template.Replace("{{user}}", user, StringComparison.Ordinal);

        // Act
        using var response = await _client.SendAsync(Post("api/v1/track", Encoding.UTF8.GetBytes(json)), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$"], await FieldsAsync(response));
        Assert.Null(await _client.JourneyAsync(user));
    }

    [Fact]
    public async Task PostBatch_WhenArrayOfMessages_ThenStillAccepted()
    {
        // Arrange: only single-message routes refuse many.
        var user = ServerClientExtensions.NewId("array");
        var json = $$"""[{"type":"track","userId":"{{user}}","event":"Product Viewed"}]""";

        // Act
        using var response = await _client.SendAsync(Post("api/v1/batch", Encoding.UTF8.GetBytes(json)), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await _client.JourneyAsync(user));
    }

    [Fact]
    public async Task EventHubBatch_WhenEventsHoldUnreadableText_ThenThoseAreDeadLetteredWithTheFieldAndTheRestApplied()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("eh-text");
        var invalidUtf8 = Convert.ToBase64String(Concat($$"""{"type":"track","userId":"{{user}}","event":"Bad""", [0xFF, 0xFE], "\"}"u8.ToArray()));
        var loneSurrogate = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"type":"track","userId":"{{user}}","event":"Lone \ud83d"}"""));
        var json = $$"""
            [
              {"body":{"type":"track","userId":"{{user}}","event":"Ad Clicked","messageId":"{{user}}-1"},"enqueuedTimeUtc":"2026-03-01T10:00:00Z","sequenceNumber":1},
              {"body":"{{invalidUtf8}}","bodyEncoding":"base64","enqueuedTimeUtc":"2026-03-01T10:00:01Z","sequenceNumber":2},
              {"body":"{{loneSurrogate}}","bodyEncoding":"base64","enqueuedTimeUtc":"2026-03-01T10:00:02Z","sequenceNumber":3},
              {"body":{"type":"track","userId":"{{user}}","event":"Order Completed","messageId":"{{user}}-4"},"enqueuedTimeUtc":"2026-03-01T10:00:03Z","sequenceNumber":4}
            ]
            """;

        // Act
        using var response = await _client.PostAsync("api/eventhubs/touchpoints", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, result.RootElement.GetProperty("applied").GetInt32());
        Assert.Equal(2, result.RootElement.GetProperty("deadLettered").GetInt32());
        using var journey = await _client.JourneyAsync(user);
        Assert.Equal("purchase", journey!.DefaultFunnel().GetProperty("furthestStage").GetString());
        var fields = new List<string?>();
        foreach (var letter in await server.DeadLettersAsync())
        {
            using var stored = JsonDocument.Parse(letter[(letter.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
            var body = stored.RootElement.GetProperty("bodyEncoding").GetString() == "base64"
                ? Encoding.UTF8.GetString(stored.RootElement.GetProperty("body").GetBytesFromBase64())
                : stored.RootElement.GetProperty("body").GetString()!;
            if (body.Contains(user, StringComparison.Ordinal))
            {
                fields.AddRange(stored.RootElement.GetProperty("errors").EnumerateArray().Select(static e => e.GetProperty("field").GetString()));
            }
        }

        Assert.Equal(["event", "event"], fields);
    }

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ServerFixtureBase.WriteKey + ":")));
        return request;
    }

    private static byte[] Concat(string head, byte[] middle, byte[] tail) => [.. Encoding.UTF8.GetBytes(head), .. middle, .. tail];

    private static async Task<List<string?>> FieldsAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return problem.RootElement.GetProperty("errors").EnumerateArray().Select(static e => e.GetProperty("field").GetString()).ToList();
    }
}
