using System.Net;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>First-party collection: the route prefix and the collection paths are the site's choice.</summary>
public sealed class FirstPartyRouteTests(FirstPartyServerFixture server) : IClassFixture<FirstPartyServerFixture>
{
    private const string JourneyPrefix = FirstPartyServerFixture.Prefix + "/";

    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Pixel_WhenFetchedAtTheConfiguredPath_ThenGifAndTheHitLandsInTheJourney()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("fp");

        // Act
        using var response = await _client.GetAsync($"e/x.gif?uid={user}&e=Email%20Opened&ch=email", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        using var journey = await _client.JourneyAsync(user, prefix: JourneyPrefix);
        Assert.NotNull(journey);
        var touch = Assert.Single(journey.RootElement.GetProperty("timeline").EnumerateArray());
        Assert.Equal("Email Opened", touch.GetProperty("event").GetString());
    }

    [Fact]
    public async Task Api_WhenCalledAtTheConfiguredPathInEachForm_ThenEveryCallLands()
    {
        // Arrange: a full name, a one-letter path, and analytics-next's batching path, all under the site's /e.
        var user = ServerClientExtensions.NewId("fpapi");
        var calls = new (string Path, string Json, string? WriteKey)[]
        {
            ("e/identify", $$$"""{"userId":"{{{user}}}","traits":{"segment":"smb"}}""", ServerFixture.WriteKey),
            ("e/t", $$"""{"userId":"{{user}}","event":"Product Viewed"}""", ServerFixture.WriteKey),
            ("e/b", $$"""{"batch":[{"type":"track","userId":"{{user}}","event":"Order Completed"}],"writeKey":"{{ServerFixture.WriteKey}}"}""", null),
        };

        // Act
        foreach (var (path, json, writeKey) in calls)
        {
            using var response = await _client.SendAsync(ServerFixture.Post(path, json, writeKey), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Assert
        using var journey = await _client.JourneyAsync(user, prefix: JourneyPrefix);
        Assert.NotNull(journey);
        Assert.Equal(["identify", "track", "track"], journey.RootElement.GetProperty("timeline").EnumerateArray().Select(static t => t.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("smb", journey.DefaultFunnel().GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Api_WhenCalledAtTheConfiguredPathWithoutWriteKey_Then401AndNothingWritten()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("fpnokey");

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post("e/t", $$"""{"userId":"{{user}}","event":"X"}""", writeKey: null), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await _client.JourneyAsync(user, prefix: JourneyPrefix));
    }

    [Theory]
    [InlineData("e/b")]
    [InlineData("e/x.gif")]
    public async Task Options_WhenAllowedOriginPreflightsTheConfiguredPath_ThenAllowed(string path)
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", ServerFixture.AllowedOrigin);
        request.Headers.Add("Access-Control-Request-Method", path.EndsWith(".gif", StringComparison.Ordinal) ? "GET" : "POST");

        // Act
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(ServerFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Routes_WhenPrefixIsConfigured_ThenServedUnderItAndNoLongerUnderApi()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("fpprefix");

        // Act
        using var underPrefix = await _client.SendAsync(ServerFixture.Post("tp/v1/track", $$"""{"userId":"{{user}}","event":"X"}"""), TestContext.Current.CancellationToken);
        using var underApi = await _client.SendAsync(ServerFixture.Post("api/v1/track", $$"""{"userId":"{{user}}","event":"Y"}"""), TestContext.Current.CancellationToken);
        using var pixelUnderApi = await _client.GetAsync($"api/t.gif?uid={user}&e=Z", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, underPrefix.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, underApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, pixelUnderApi.StatusCode);
        using var journey = await _client.JourneyAsync(user, prefix: JourneyPrefix);
        Assert.NotNull(journey);
        Assert.Single(journey.RootElement.GetProperty("timeline").EnumerateArray());
    }

    [Theory]
    [InlineData("e/journey/{id}", "customers/{id}/journey", "is not a collection route")]
    [InlineData("e/v", "v1/{type}", "must carry the same parameters")]
    [InlineData("e/x.gif", "t.gifx", "is not a collection route")]
    [InlineData("api/t.gif", "t.gif", "is already a route")]
    public void Build_WhenAnAliasIsWrong_ThenStartFailsNamingTheSetting(string path, string route, string problem)
    {
        // Arrange
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            [$"{ServerRouteOptions.AliasesKey}:0:Path"] = path,
            [$"{ServerRouteOptions.AliasesKey}:0:Route"] = route,
        };

        // Act
        var failure = Assert.Throws<InvalidOperationException>(() => TouchpointServer.Build([], configuration => configuration.AddInMemoryCollection(settings)));

        // Assert
        Assert.Contains($"{ServerRouteOptions.AliasesKey}:0", failure.Message, StringComparison.Ordinal);
        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
    }
}
