using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// Clients no one here wrote: Segment's and RudderStack's Node SDKs, and a real browser on another origin. Segment's
/// Node SDK (3.1.0) has no gzip option, so its only path is the plain one; RudderStack's is tested both ways.
/// </summary>
public sealed class RealClientTests(OpenCorsServerFixture server) : IClassFixture<OpenCorsServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task SegmentNodeSdk_WhenItSendsPageIdentifyAndTrack_ThenTheyLandInTheJourney()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("sdk");
        var anonymous = ServerClientExtensions.NewId("sdkanon");
        var host = server.BaseAddress.ToString().TrimEnd('/');

        // Act
        var (exitCode, output) = await NodeScript.RunAsync("segment-client.mjs", [host, OpenCorsServerFixture.WriteKey, user, anonymous], TestContext.Current.CancellationToken);

        // Assert
        Assert.True(exitCode == 0, output);
        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        var funnel = journey.DefaultFunnel();
        Assert.Equal("purchase", funnel.GetProperty("furthestStage").GetString());
        Assert.Equal("smb", funnel.GetProperty("segment").GetString());
        Assert.Contains(journey.RootElement.GetProperty("timeline").EnumerateArray(), static t => t.TryGetProperty("event", out var name) && name.GetString() == "Order Completed");
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("plain")]
    public async Task RudderStackNodeSdk_WhenItSendsPageTrackIdentifyTrack_ThenTheAnonymousHistoryJoinsTheJourney(string encoding)
    {
        // Arrange: the SDK gzips its batches by default (Content-Encoding: gzip); "plain" turns that off.
        var user = ServerClientExtensions.NewId("rsnode");
        var anonymous = ServerClientExtensions.NewId("rsnodeanon");
        var host = server.BaseAddress.ToString().TrimEnd('/');

        // Act
        var (exitCode, output) = await NodeScript.RunAsync("rudderstack-node-client.mjs", [host, OpenCorsServerFixture.WriteKey, user, anonymous, encoding], TestContext.Current.CancellationToken);

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains($"sent Content-Encoding: {(encoding == "gzip" ? "gzip" : "none")}", output, StringComparison.Ordinal);
        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        Assert.Equal(["identify", "page", "track", "track"], journey.RootElement.GetProperty("timeline").EnumerateArray().Select(static t => t.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        var funnel = journey.DefaultFunnel();
        Assert.Equal(4, funnel.GetProperty("touchCount").GetInt64());
        Assert.Equal("purchase", funnel.GetProperty("furthestStage").GetString());
        Assert.Equal("smb", funnel.GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Chromium_WhenPageOnAnotherOriginFiresPixelAndBeacons_ThenTheyLandInTheJourney()
    {
        // Arrange: the page is served from its own listener, so the API is cross-origin to it.
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is required: scripts/setup.sh installs it.");
        var user = ServerClientExtensions.NewId("web");
        var api = server.BaseAddress.ToString();
        var html = Page(api, user);
        await using var pageHost = await TestPageHost.StartAsync(html);

        // Act
        var (exitCode, output) = await NodeScript.RunAsync("browser-beacon.mjs", [pageHost.Url], TestContext.Current.CancellationToken);

        // Assert
        Assert.True(exitCode == 0, output);
        var events = await EventuallyAsync(user, expected: 3);
        Assert.Equal(["Email Opened", "Order Completed", "Pricing Viewed"], events);
    }

    private async Task<List<string>> EventuallyAsync(string user, int expected)
    {
        using var journey = await _client.JourneyEventuallyAsync(user, expected);
        return journey is null
            ? []
            : journey.RootElement.GetProperty("timeline").EnumerateArray().Select(static t => t.GetProperty("event").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    private static string Page(string api, string user)
    {
        var key = JsonSerializer.Serialize(OpenCorsServerFixture.WriteKey);
        var userJson = JsonSerializer.Serialize(user);
        return $$"""
            <!doctype html>
            <html><body>
            <script>
              const api = {{JsonSerializer.Serialize(api)}};
              window.result = {};
              const img = new Image();
              img.onload = () => { window.result.pixelLoaded = img.naturalWidth === 1; window.done = true; };
              img.onerror = () => { window.result.pixelLoaded = false; window.done = true; };
              window.result.textBeacon = navigator.sendBeacon(api + 'api/v1/track',
                JSON.stringify({ writeKey: {{key}}, userId: {{userJson}}, event: 'Pricing Viewed' }));
              window.result.blobBeacon = navigator.sendBeacon(api + 'api/v1/track',
                new Blob([JSON.stringify({ writeKey: {{key}}, userId: {{userJson}}, event: 'Order Completed' })], { type: 'application/json' }));
              img.src = api + 'api/t.gif?uid=' + encodeURIComponent({{userJson}}) + '&e=Email%20Opened&ch=email';
            </script>
            </body></html>
            """;
    }
}
