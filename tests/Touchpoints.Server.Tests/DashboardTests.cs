using System.Net;
using System.Text.Json;
using Touchpoints.Hosting;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// The dashboard in headless Chromium, on a known dataset seeded through the ingest API and three daily snapshots made
/// by the recompute route: each view shows that dataset's figures, read off the page.
/// </summary>
public sealed class DashboardTests(DashboardServerFixture server) : IClassFixture<DashboardServerFixture>
{
    private const string Ana = "dash-ana";

    // Four customers over three days of the default funnel (awareness, consideration, purchase, retention, advocacy).
    // Day 1: ana views a page (vip) and a product; ben clicks an ad (smb); cy opens an email.
    // Day 2: ana orders; ben views a product from search.
    // Day 3: ana answers a survey with NPS 10 (advocacy; retention is implied); dee views a page from social.
    private static readonly string[] Seed =
    [
        """{"type":"page","userId":"dash-ana","name":"Home","channel":"web","timestamp":"2026-03-01T09:00:00Z","messageId":"d-1","properties":{"segment":"vip"}}""",
        """{"type":"track","userId":"dash-ana","event":"Product Viewed","channel":"web","timestamp":"2026-03-01T10:00:00Z","messageId":"d-2"}""",
        """{"type":"track","userId":"dash-ben","event":"Ad Clicked","channel":"ads","timestamp":"2026-03-01T11:00:00Z","messageId":"d-3","properties":{"segment":"smb"}}""",
        """{"type":"track","userId":"dash-cy","event":"Email Opened","channel":"email","timestamp":"2026-03-01T12:00:00Z","messageId":"d-4"}""",
        """{"type":"track","userId":"dash-ana","event":"Order Completed","channel":"web","timestamp":"2026-03-02T10:00:00Z","messageId":"d-5"}""",
        """{"type":"track","userId":"dash-ben","event":"Product Viewed","channel":"search","timestamp":"2026-03-02T10:30:00Z","messageId":"d-6"}""",
        """{"type":"track","userId":"dash-ana","event":"Survey Answered","channel":"email","timestamp":"2026-03-03T09:00:00Z","messageId":"d-7","properties":{"nps":10}}""",
        """{"type":"page","userId":"dash-dee","name":"Home","channel":"social","timestamp":"2026-03-03T10:00:00Z","messageId":"d-8"}""",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_WhenSeededDaysAreSnapshotted_ThenEveryViewShowsTheirFigures()
    {
        // Arrange
        await SeedAsync();
        var screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");
        Directory.CreateDirectory(screenshots);

        // Act
        var (exitCode, output) = await NodeScript.RunAsync("dashboard.mjs", [server.BaseAddress + "api/dashboard", DashboardServerFixture.AdminKey, Ana, screenshots], Cancel);
        TestContext.Current.SendDiagnosticMessage($"Dashboard screenshots: {screenshots}");

        // Assert
        Assert.True(exitCode == 0, output);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        File.WriteAllText("/tmp/dash-out.json", output);
    }

    private async Task SeedAsync()
    {
        using var response = await server.Client.SendAsync(ServerFixtureBase.Post("api/v1/batch", $$"""{"batch":[{{string.Join(',', Seed)}}]}"""), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var day in (string[])["2026-03-01", "2026-03-02", "2026-03-03"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/funnels/default/snapshots/{day}");
            request.Headers.Add("x-functions-key", DashboardServerFixture.AdminKey);
            using var recomputed = await server.Client.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, recomputed.StatusCode);
        }
    }
}
