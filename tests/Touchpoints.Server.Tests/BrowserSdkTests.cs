using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// The real, unmodified browser SDKs in headless Chromium, on a page of another origin that hosts their shipped bundles
/// itself (from node_modules, no vendor CDN), configured as a site would configure them to send to this server.
/// </summary>
public sealed class BrowserSdkTests(OpenCorsServerFixture server) : IClassFixture<OpenCorsServerFixture>
{
    private const string AnalyticsNextBundle = "node_modules/@segment/analytics-next/dist/umd/index.js";

    // The bundled build carries every plugin, so nothing is fetched from RudderStack's plugin CDN.
    private const string RudderStackBundle = "node_modules/@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js";

    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task SegmentAnalyticsNext_WhenDefaultDelivery_ThenTheAnonymousHistoryJoinsTheIdentifiedJourney()
    {
        // Arrange: default delivery posts each call to v1/p, v1/t, v1/i as it is made.
        var user = ServerClientExtensions.NewId("ajs");

        // Act
        var result = await RunSegmentPageAsync(user, deliveryStrategy: null, unload: false);

        // Assert
        await AssertJoinedJourneyAsync(user, result);
    }

    [Fact]
    public async Task SegmentAnalyticsNext_WhenBatchingDelivery_ThenTheAnonymousHistoryJoinsTheIdentifiedJourney()
    {
        // Arrange: the batching delivery posts {batch, writeKey, sentAt} to v1/b once 4 calls are buffered.
        var user = ServerClientExtensions.NewId("ajsb");

        // Act
        var result = await RunSegmentPageAsync(user, new { strategy = "batching", config = new { size = 4, timeout = 1000 } }, unload: false);

        // Assert
        await AssertJoinedJourneyAsync(user, result);
    }

    [Fact]
    public async Task SegmentAnalyticsNext_WhenPageUnloadsMidBatch_ThenThePagehideFlushLands()
    {
        // Arrange: a batch that neither fills nor times out while the page is open, so only the flush that the SDK
        // sends on pagehide (a keepalive fetch) can deliver it; the script checks nothing arrived before the unload.
        var user = ServerClientExtensions.NewId("ajsu");

        // Act
        var result = await RunSegmentPageAsync(user, new { strategy = "batching", config = new { size = 100, timeout = 600_000 } }, unload: true);

        // Assert
        await AssertJoinedJourneyAsync(user, result);
    }

    [Fact]
    public async Task RudderStackAnalyticsJs_WhenSourceConfigIsLocal_ThenTheAnonymousHistoryJoinsTheIdentifiedJourney()
    {
        // Arrange: getSourceConfig stands in for the control plane's sourceConfig call, so the SDK needs no CDN or
        // RudderStack service; the data plane URL is this server's prefix (it posts to {dataPlaneUrl}/v1/{type}).
        var user = ServerClientExtensions.NewId("rs");
        var html = $$"""
            <!doctype html>
            <html><head><title>shop</title></head><body>
            <script src="/sdk/rudderstack.js"></script>
            <script>
              window.result = {};
              (async () => {
                try {
                  const analytics = new rudderanalytics.RudderAnalytics();
                  analytics.load({{Js(OpenCorsServerFixture.WriteKey)}}, {{Js(server.BaseAddress + "api")}}, {
                    getSourceConfig: () => ({ source: { id: 'shop-web', name: 'shop', workspaceId: 'shop', enabled: true, config: {}, destinations: [] } }),
                    destSDKBaseURL: location.origin + '/sdk',
                    pluginsSDKBaseURL: location.origin + '/sdk',
                    polyfillIfRequired: false,
                  });
                  await new Promise((resolve) => analytics.ready(resolve));
                  const sent = (call) => new Promise((resolve) => call(resolve));
                  await sent((done) => analytics.page('Docs', 'Pricing', { path: '/pricing' }, done));
                  await sent((done) => analytics.track('Product Viewed', { sku: 'A-1' }, done));
                  window.result.anonymousId = analytics.getAnonymousId();
                  await sent((done) => analytics.identify({{Js(user)}}, { segment: 'smb' }, done));
                  await sent((done) => analytics.track('Order Completed', { revenue: 42.5 }, done));
                } catch (error) {
                  window.result.error = String(error && error.stack || error);
                }
                window.done = true;
              })();
            </script>
            </body></html>
            """;

        // Act
        var result = await RunPageAsync(html, "rudderstack.js", RudderStackBundle, user, unload: false);

        // Assert
        await AssertJoinedJourneyAsync(user, result);
    }

    private Task<(JsonElement Result, string Output)> RunSegmentPageAsync(string user, object? deliveryStrategy, bool unload)
    {
        // As a site self-hosting the pipeline configures analytics-next: the settings its CDN would serve given inline,
        // the Segment.io integration pointed at this server's v1 routes, and no remote metrics.
        var apiHost = server.BaseAddress.Authority + "/api/v1";
        var segment = JsonSerializer.Serialize(new { apiHost, protocol = "http", deliveryStrategy });
        var html = $$"""
            <!doctype html>
            <html><head><title>shop</title></head><body>
            <script src="/sdk/analytics-next.js"></script>
            <script>
              window.result = {};
              (async () => {
                try {
                  const [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
                    {
                      writeKey: {{Js(OpenCorsServerFixture.WriteKey)}},
                      cdnURL: location.origin,
                      cdnSettings: { integrations: { 'Segment.io': { apiKey: {{Js(OpenCorsServerFixture.WriteKey)}} } }, metrics: { sampleRate: 0 } },
                    },
                    { integrations: { 'Segment.io': {{segment}} } });
                  await analytics.page('Docs', 'Pricing', { path: '/pricing' });
                  await analytics.track('Product Viewed', { sku: 'A-1' });
                  window.result.anonymousId = analytics.user().anonymousId();
                  await analytics.identify({{Js(user)}}, { segment: 'smb' });
                  await analytics.track('Order Completed', { revenue: 42.5 });
                } catch (error) {
                  window.result.error = String(error && error.stack || error);
                }
                window.done = true;
              })();
            </script>
            </body></html>
            """;
        return RunPageAsync(html, "analytics-next.js", AnalyticsNextBundle, user, unload);
    }

    private async Task<(JsonElement Result, string Output)> RunPageAsync(string html, string script, string bundle, string user, bool unload)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is required: scripts/setup.sh installs it.");
        await using var site = await TestPageHost.StartAsync(html, new Dictionary<string, string> { [script] = bundle });
        var journeyUrl = $"{server.BaseAddress}api/customers/{Uri.EscapeDataString(user)}/journey";
        string[] args = unload ? [site.Url, journeyUrl, "4", "--unload"] : [site.Url, journeyUrl, "4"];
        var (exitCode, output) = await NodeScript.RunAsync("browser-sdk.mjs", args, TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, output);
        var line = output.Split('\n').First(static l => l.StartsWith('{'));
        return (JsonDocument.Parse(line).RootElement.Clone(), output);
    }

    // Exact counts: page and track sent anonymously, then identify, then track as the user; all four are the user's.
    private async Task AssertJoinedJourneyAsync(string user, (JsonElement Result, string Output) run)
    {
        var (result, output) = run;
        var anonymousId = result.GetProperty("anonymousId").GetString();
        Assert.False(string.IsNullOrEmpty(anonymousId));
        using var journey = await _client.JourneyEventuallyAsync(user, expected: 4);
        Assert.True(journey is not null, output);
        var timeline = journey.RootElement.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["identify", "page", "track", "track"], timeline.Select(static t => t.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, timeline.Count(t => !t.TryGetProperty("userId", out var id) || id.ValueKind == JsonValueKind.Null));
        Assert.All(timeline, t => Assert.Equal(anonymousId, t.GetProperty("anonymousId").GetString()));
        var funnel = journey.DefaultFunnel();
        Assert.Equal(4, funnel.GetProperty("touchCount").GetInt64());
        Assert.Equal("purchase", funnel.GetProperty("furthestStage").GetString());
        Assert.Equal("smb", funnel.GetProperty("segment").GetString());
    }

    private static string Js(string value) => JsonSerializer.Serialize(value);
}
