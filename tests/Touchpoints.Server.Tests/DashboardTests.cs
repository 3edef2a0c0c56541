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

    // Five customers over three days of the default funnel (awareness, consideration, purchase, retention, advocacy).
    // Day 1: ana views a page (vip) and a product; ben clicks an ad (smb); cy opens an email.
    // Day 2: ana orders; ben views a product from search.
    // Day 3: ana answers a survey with NPS 10 (advocacy; retention is implied); dee views a page from social and gives a
    // CSAT of 5. And eve, who opened an email on 10 February and did nothing since, is stalled in awareness throughout.
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
        """{"type":"track","userId":"dash-dee","event":"Survey Answered","channel":"social","timestamp":"2026-03-03T10:05:00Z","messageId":"d-9","properties":{"csat":5}}""",
        """{"type":"track","userId":"dash-eve","event":"Email Opened","channel":"email","timestamp":"2026-02-10T08:00:00Z","messageId":"d-10"}""",
    ];

    private static readonly string[] StageNames = ["awareness", "consideration", "purchase", "retention", "advocacy"];

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

        // Assert: the page loads from this server alone, within its Content-Security-Policy, and asks for the key first.
        Assert.True(exitCode == 0, output);
        using var document = JsonDocument.Parse(output.Split('\n').First(static l => l.StartsWith('{')));
        var result = document.RootElement;
        Assert.EndsWith("/api/dashboard/", result.GetProperty("finalUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(DashboardHandler.ContentSecurityPolicy, result.GetProperty("headers").GetProperty("csp").GetString());
        Assert.Empty(result.GetProperty("external").EnumerateArray());
        Assert.Empty(result.GetProperty("consoleErrors").EnumerateArray());
        Assert.Contains("needs the function key", result.GetProperty("withoutKey").GetString(), StringComparison.Ordinal);

        // The newest day (2026-03-03): its SVG drawn, per stage reached, conversion, reasons to stall and satisfaction.
        var latest = View(result, "latest");
        Assert.True(result.GetProperty("latest").GetProperty("svgWidth").GetInt32() > 0, "the snapshot's SVG did not render");
        Assert.Equal("2026-03-03: 5 customers, 2 active that day", latest["day-totals"]);
        Assert.Equal(["5", "2", "1", "1", "1"], Stages(latest, "reached"));
        Assert.Equal(["–", "40.0%", "50.0%", "100.0%", "100.0%"], Stages(latest, "conversion"));
        Assert.Equal(["–", "60.0%", "50.0%", "0.0%", "0.0%"], Stages(latest, "dropoff"));
        Assert.Equal(["1", "0", "0", "0", "0"], Stages(latest, "stalled"));
        Assert.StartsWith("Email Opened (email): 1 stalled", latest["stage-awareness-reasons"], StringComparison.Ordinal);
        Assert.Equal(["–", "–", "100 (1)", "–", "–"], Stages(latest, "nps"));
        Assert.Equal(["100 (1)", "–", "–", "–", "–"], Stages(latest, "csat"));

        // Breakdowns and attribution of that day.
        Assert.Equal(["1", "1", "1", "1", "1"], Breakdown(latest, "segment", "vip"));
        Assert.Equal(["1", "1", "0", "0", "0"], Breakdown(latest, "segment", "smb"));
        Assert.Equal(["3", "0", "0", "0", "0"], Breakdown(latest, "segment", "_none_"));
        Assert.Equal(["2", "0", "0", "0", "0"], Breakdown(latest, "firstTouchChannel", "email"));
        Assert.Equal(["1", "1", "0", "0", "0"], Breakdown(latest, "firstTouchChannel", "ads"));
        Assert.Equal("1", latest["conversion-channel-web"]);
        Assert.Equal("web 1", latest["attribution-purchase-converting"]);
        Assert.Contains("search 1", latest["attribution-consideration-converting"], StringComparison.Ordinal);

        // Trends over 2026-02-28..2026-03-03: the day never computed is named, the three others tabled and drawn.
        var trend = View(result, "trend");
        Assert.Equal("No snapshot for 2026-02-28", trend["trend-missing"]);
        Assert.False(trend.ContainsKey("trend-2026-02-28"));
        Assert.Equal(["4", "1", "0", "0", "0"], Trend(trend, "2026-03-01", "reached"));
        Assert.Equal(["–", "25.0%", "0.0%", "–", "–"], Trend(trend, "2026-03-01", "conversion"));
        Assert.Equal(["–", "3", "1", "–", "–"], Trend(trend, "2026-03-01", "dropped"));
        Assert.Equal(["4", "2", "1", "0", "0"], Trend(trend, "2026-03-02", "reached"));
        Assert.Equal(["–", "2", "1", "1", "–"], Trend(trend, "2026-03-02", "dropped"));
        Assert.Equal(["–", "50.0%", "50.0%", "100.0%", "–"], Trend(trend, "2026-03-02", "dropoff"));
        Assert.Equal(["5", "2", "1", "1", "1"], Trend(trend, "2026-03-03", "reached"));
        Assert.Equal(["–", "40.0%", "50.0%", "100.0%", "100.0%"], Trend(trend, "2026-03-03", "conversion"));
        var lines = result.GetProperty("trend").GetProperty("reachedLines").EnumerateArray().ToList();
        Assert.Equal(StageNames, lines.Select(static l => l.GetProperty("stage").GetString()));
        Assert.All(lines, static l => Assert.Equal(3, l.GetProperty("points").GetInt32()));

        // Ana's journey: every touchpoint in time order with its channel and survey answer, on the map with her stages.
        var customer = View(result, "customer");
        Assert.Equal("advocacy", customer["customer-furthest"]);
        Assert.Equal("4", customer["customer-touchcount"]);
        Assert.Equal(("web", "email", "web"), (customer["customer-first-channel"], customer["customer-last-channel"], customer["customer-converting-channel"]));
        Assert.Equal(("vip", "10"), (customer["customer-segment"], customer["customer-nps"]));
        Assert.Equal(["Home", "Product Viewed", "Order Completed", "Survey Answered"], Enumerable.Range(0, 4).Select(i => customer[$"touchpoint-{i}-event"]));
        Assert.Equal(["web", "web", "web", "email"], Enumerable.Range(0, 4).Select(i => customer[$"touchpoint-{i}-channel"]));
        Assert.Equal("2026-03-02 10:00:00.000", customer["touchpoint-2-time"]);
        Assert.Equal("NPS 10", customer["touchpoint-3-survey"]);
        Assert.False(customer.ContainsKey("touchpoint-4"));
        Assert.Equal(4, result.GetProperty("customer").GetProperty("mapDots").GetInt32());
        Assert.Equal(StageNames, result.GetProperty("customer").GetProperty("mapStages").EnumerateArray().Select(static s => s.GetString()));

        // A day chosen with the picker: 2026-03-01.
        var day1 = View(result, "day1");
        Assert.Equal("2026-03-01: 4 customers, 3 active that day", day1["day-totals"]);
        Assert.Equal(["4", "1", "0", "0", "0"], Stages(day1, "reached"));
        Assert.Equal(["–", "25.0%", "0.0%", "–", "–"], Stages(day1, "conversion"));
        Assert.True(File.Exists(Path.Combine(screenshots, "dashboard.png")));
    }

    [Fact]
    public async Task DashboardFiles_WhenRequestedWithoutAKey_ThenServedWithTypesCachingAndPolicyWhileTheDataStaysGuarded()
    {
        // Arrange
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        // Act
        using var bare = await client.GetAsync("api/dashboard", Cancel);
        using var page = await client.GetAsync("api/dashboard/", Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(dashboard\\.js\\?v=[0-9a-f]+)\"").Groups[1].Value;
        using var js = await client.GetAsync("api/dashboard/" + script, Cancel);
        using var css = await client.GetAsync("api/dashboard/dashboard.css", Cancel);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "api/dashboard/");
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", page.Headers.ETag!.ToString());
        using var notModified = await client.SendAsync(revalidate, Cancel);
        using var unknown = await client.GetAsync("api/dashboard/secrets.json", Cancel);
        using var data = await client.GetAsync("api/funnels/default/snapshots/latest", Cancel);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/api/dashboard/", bare.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Equal(DashboardHandler.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(page.Headers.CacheControl!.NoCache);
        Assert.NotEmpty(script);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", js.Content.Headers.ContentType!.ToString());
        Assert.Contains("immutable", js.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> View(JsonElement result, string name) =>
        result.GetProperty(name).EnumerateObject().Where(static p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(static p => p.Name, static p => p.Value.GetString()!);

    private static IEnumerable<string> Stages(Dictionary<string, string> view, string figure) => StageNames.Select(s => view[$"stage-{s}-{figure}"]);

    private static IEnumerable<string> Breakdown(Dictionary<string, string> view, string kind, string key) => StageNames.Select(s => view[$"breakdown-{kind}-{key}-{s}"]);

    private static IEnumerable<string> Trend(Dictionary<string, string> view, string day, string figure) => StageNames.Select(s => view[$"trend-{day}-{s}-{figure}"]);

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
