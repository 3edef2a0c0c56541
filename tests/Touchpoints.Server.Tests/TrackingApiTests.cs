using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

public sealed class TrackingApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Post_WhenEveryMessageType_ThenAnswersSuccessAndJourneyHoldsThem()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("u");
        var anonymous = ServerClientExtensions.NewId("a");
        var calls = new (string Route, string Json)[]
        {
            ("track", $$$$"""{"anonymousId":"{{{{anonymous}}}}","event":"Ad Clicked","timestamp":"2026-01-01T10:00:00Z","context":{"campaign":{"medium":"cpc"}}}"""),
            ("page", $$"""{"userId":"{{user}}","name":"Pricing","timestamp":"2026-01-01T10:01:00Z"}"""),
            ("screen", $$"""{"userId":"{{user}}","name":"Home","timestamp":"2026-01-01T10:02:00Z"}"""),
            ("identify", $$"""{"userId":"{{user}}","anonymousId":"{{anonymous}}","traits":{"segment":"vip"},"timestamp":"2026-01-01T10:03:00Z"}"""),
            ("group", $$"""{"userId":"{{user}}","groupId":"acme","timestamp":"2026-01-01T10:04:00Z"}"""),
            ("alias", $$"""{"userId":"{{user}}","previousId":"{{anonymous}}","timestamp":"2026-01-01T10:05:00Z"}"""),
            ("track", $$$$"""{"userId":"{{{{user}}}}","event":"Order Completed","channel":"email","originalTimestamp":"2026-01-01T10:06:00Z","properties":{"nps":10}}"""),
        };

        // Act
        foreach (var (route, json) in calls)
        {
            using var response = await _client.SendAsync(ServerFixture.Post($"api/v1/{route}", json), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"success":true}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        // Assert
        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        var funnel = journey.DefaultFunnel();
        Assert.Equal("purchase", funnel.GetProperty("furthestStage").GetString());
        Assert.Equal("email", funnel.GetProperty("convertingChannel").GetString());
        Assert.Equal("vip", funnel.GetProperty("segment").GetString());
        Assert.Equal(10, funnel.GetProperty("nps").GetInt32());
        Assert.Equal(["awareness", "consideration", "purchase", "retention", "advocacy"], funnel.GetProperty("stages").EnumerateArray().Select(static s => s.GetProperty("name").GetString()));
        // All seven count: the anonymous click joined the user's journey with the identify, and every type is a touchpoint.
        Assert.Equal(7, funnel.GetProperty("touchCount").GetInt64());
        Assert.Equal("ads", funnel.GetProperty("firstTouchChannel").GetString());
        Assert.Equal(7, journey.RootElement.GetProperty("timeline").GetArrayLength());
    }

    [Theory]
    [InlineData("track", "track")]
    [InlineData("t", "track")]
    [InlineData("page", "page")]
    [InlineData("p", "page")]
    [InlineData("screen", "screen")]
    [InlineData("s", "screen")]
    [InlineData("identify", "identify")]
    [InlineData("i", "identify")]
    [InlineData("alias", "alias")]
    [InlineData("a", "alias")]
    [InlineData("group", "group")]
    [InlineData("g", "group")]
    public async Task Post_WhenSegmentPathFullOrOneLetter_ThenTheBodyIsThatTypeOfTouchpoint(string path, string expectedType)
    {
        // Arrange: the body names no type, so only the path can make it one.
        var user = ServerClientExtensions.NewId("path");
        var json = $$"""{"userId":"{{user}}","event":"Pricing Viewed","name":"Pricing","previousId":"{{user}}-old","groupId":"acme","timestamp":"2026-01-02T10:00:00Z"}""";

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post($"api/v1/{path}", json), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        var touchpoint = Assert.Single(journey.RootElement.GetProperty("timeline").EnumerateArray());
        Assert.Equal(expectedType, touchpoint.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("b")]
    public async Task Post_WhenBatchPathFullOrOneLetter_ThenEveryMessageOfTheBatchLands(string path)
    {
        // Arrange: analytics-next's batching delivery posts {batch, writeKey, sentAt} to v1/b as text/plain.
        var user = ServerClientExtensions.NewId("batchpath");
        var json = $$"""{"batch":[{"type":"page","userId":"{{user}}","name":"Home"},{"type":"track","userId":"{{user}}","event":"Order Completed"}],"writeKey":"{{ServerFixture.WriteKey}}","sentAt":"2026-01-02T10:00:00Z"}""";

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post($"api/v1/{path}", json, writeKey: null, contentType: "text/plain"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        Assert.Equal(["page", "track"], journey.RootElement.GetProperty("timeline").EnumerateArray().Select(static t => t.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("t")]
    [InlineData("b")]
    public async Task Post_WhenOneLetterPathWithoutWriteKey_Then401AndNothingWritten(string path)
    {
        // Arrange
        var user = ServerClientExtensions.NewId("nokey");

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post($"api/v1/{path}", $$"""{"batch":[{"type":"track","userId":"{{user}}","event":"X"}],"userId":"{{user}}","event":"X"}""", writeKey: null), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await _client.JourneyAsync(user));
    }

    [Theory]
    [InlineData("T")]
    [InlineData("x")]
    [InlineData("tr")]
    public async Task Post_WhenPathIsNoSegmentPath_Then404(string path)
    {
        // Act
        using var response = await _client.SendAsync(ServerFixture.Post($"api/v1/{path}", """{"userId":"x","event":"e"}"""), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PostBatch_WhenMessagesInvalid_ThenProblemListsEveryFieldAndNothingIsWritten()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("u");
        var json = $$"""
            {"batch":[
              {"type":"track","userId":"{{user}}","event":"Product Viewed"},
              {"type":"track","event":"Product Viewed"},
              {"type":"track","userId":"{{user}}"},
              {"type":"nonsense","userId":"{{user}}"}
            ]}
            """;

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post("api/v1/batch", json), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var fields = problem.RootElement.GetProperty("errors").EnumerateArray().Select(static e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("batch[1].userId", fields);
        Assert.Contains("batch[2].event", fields);
        Assert.Contains("batch[3].type", fields);
        Assert.All(problem.RootElement.GetProperty("errors").EnumerateArray(), static e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
        Assert.Null(await _client.JourneyAsync(user));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Post_WhenWriteKeyMissingOrUnknown_Then401(string? writeKey)
    {
        // Arrange
        var request = ServerFixture.Post("api/v1/track", """{"userId":"x","event":"Product Viewed"}""", writeKey);

        // Act
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("text/plain;charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json")]
    public async Task Post_WhenBeaconSendsWriteKeyInBodyWithAnyContentType_ThenAccepted(string contentType)
    {
        // Arrange
        var user = ServerClientExtensions.NewId("beacon");
        var json = $$"""{"writeKey":"{{ServerFixture.WriteKey}}","userId":"{{user}}","event":"Pricing Viewed"}""";

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post("api/v1/track", json, writeKey: null, contentType), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var journey = await _client.JourneyAsync(user);
        Assert.Equal("consideration", journey!.DefaultFunnel().GetProperty("furthestStage").GetString());
    }

    [Fact]
    public async Task Post_WhenBodyIsGzip_ThenAccepted()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("gz");
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/batch")
        {
            Content = Gzip($$"""{"batch":[{"type":"track","userId":"{{user}}","event":"Signed Up"}],"writeKey":"{{ServerFixture.WriteKey}}"}"""),
        };

        // Act
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await _client.JourneyAsync(user));
    }

    [Fact]
    public async Task Post_WhenGzipInflatesPastTheLimit_Then413()
    {
        // Arrange: a small compressed body that inflates to 600 KiB of whitespace inside valid JSON.
        var json = "{\"batch\":[" + new string(' ', 600 * 1024) + "],\"writeKey\":\"" + ServerFixture.WriteKey + "\"}";
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/batch") { Content = Gzip(json) };
        Assert.True(request.Content.Headers.ContentLength < 10 * 1024);

        // Act
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_WhenBodyOver500KiB_Then413()
    {
        // Arrange
        var json = "{\"userId\":\"big\",\"event\":\"Product Viewed\",\"properties\":{\"pad\":\"" + new string('x', 520 * 1024) + "\"}}";

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post("api/v1/track", json), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_WhenOneMessageOver32KiB_Then413WithItsField()
    {
        // Arrange
        var json = "{\"batch\":[{\"type\":\"track\",\"userId\":\"big\",\"event\":\"Product Viewed\",\"properties\":{\"pad\":\"" + new string('x', 40 * 1024) + "\"}}]}";

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post("api/v1/batch", json), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("batch[0]", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WhenRouteNamesNoMessageType_Then404()
    {
        // Act
        using var response = await _client.SendAsync(ServerFixture.Post("api/v1/purchase", """{"userId":"x","event":"e"}"""), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Options_WhenAllowedOriginPreflightsABlobBeacon_ThenAllowsPostWithCredentials()
    {
        // Arrange
        var request = new HttpRequestMessage(HttpMethod.Options, "api/v1/track");
        request.Headers.Add("Origin", ServerFixture.AllowedOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        // Act
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(ServerFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Fact]
    public async Task Options_WhenOriginNotAllowed_Then403WithoutAllowOrigin()
    {
        // Arrange
        var request = new HttpRequestMessage(HttpMethod.Options, "api/v1/track");
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        // Act
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Post_WhenAllowedOrigin_ThenResponseCarriesAllowOrigin()
    {
        // Arrange
        var request = ServerFixture.Post("api/v1/track", $$"""{"userId":"{{ServerClientExtensions.NewId("o")}}","event":"Cart Viewed"}""");
        request.Headers.Add("Origin", ServerFixture.AllowedOrigin);

        // Act
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ServerFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Health_WhenRunning_Then200()
    {
        // Act
        using var response = await _client.GetAsync("api/health", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static ByteArrayContent Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
