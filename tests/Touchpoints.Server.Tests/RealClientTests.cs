using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>Clients no one here wrote: Segment's Node SDK, and a real browser on another origin.</summary>
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

    [Fact]
    public async Task Chromium_WhenPageOnAnotherOriginFiresPixelAndBeacons_ThenTheyLandInTheJourney()
    {
        // Arrange: the page is served from its own listener, so the API is cross-origin to it.
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is required: scripts/setup.sh installs it.");
        var user = ServerClientExtensions.NewId("web");
        var api = server.BaseAddress.ToString();
        var html = Page(api, user);
        await using var pageHost = await StartPageHostAsync(html);

        // Act
        var (exitCode, output) = await NodeScript.RunAsync("browser-beacon.mjs", [pageHost.Url], TestContext.Current.CancellationToken);

        // Assert
        Assert.True(exitCode == 0, output);
        var events = await EventuallyAsync(user, expected: 3);
        Assert.Equal(["Email Opened", "Order Completed", "Pricing Viewed"], events);
    }

    // The beacons are sent by the browser after the page script returns; poll until they arrive (bounded), not a timing assertion.
    private async Task<List<string>> EventuallyAsync(string user, int expected)
    {
        var events = new List<string>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var journey = await _client.JourneyAsync(user);
            events = journey is null
                ? []
                : journey.RootElement.GetProperty("timeline").EnumerateArray().Select(static t => t.GetProperty("event").GetString()!).Order(StringComparer.Ordinal).ToList();
            if (events.Count >= expected)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return events;
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

    private static async Task<PageHost> StartPageHostAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html"));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PageHost(app, address + "/");
    }

    private sealed class PageHost(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
