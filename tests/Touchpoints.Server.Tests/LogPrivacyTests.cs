using System.Net;
using System.Text;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// No personal data in logs: a run through every ingest path, good and bad input, identity merge, reads and erasure,
/// with its logs captured at every level, never writes a customer id, an IP address or a user agent.
/// </summary>
public sealed class LogPrivacyTests(LogPrivacyServerFixture server) : IClassFixture<LogPrivacyServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Logs_WhenARunTouchesEveryPath_ThenHoldNoIdNoIpAndNoUserAgent()
    {
        // Arrange: values that appear nowhere else, so any occurrence in a log is a leak.
        var user = "pii-user-" + Guid.NewGuid().ToString("N");
        var anonymous = "pii-anon-" + Guid.NewGuid().ToString("N");
        const string ip = "198.51.100.237";
        var agent = "PiiProbe/" + Guid.NewGuid().ToString("N")[..8];
        var context = $$$"""{"ip":"{{{ip}}}","userAgent":"{{{agent}}}","page":{"url":"https://shop.example/p?email={{{user}}}"}}""";
        var ct = TestContext.Current.CancellationToken;

        // Act: accepted, merged, rejected (400, 413, 401), pixels good and bad, Event Hubs with a bad event, read, erase.
        await SendAsync(ServerFixtureBase.Post("api/v1/track", $$"""{"anonymousId":"{{anonymous}}","event":"Ad Clicked","context":{{context}}}"""));
        await SendAsync(ServerFixtureBase.Post("api/v1/identify", $$"""{"userId":"{{user}}","anonymousId":"{{anonymous}}","traits":{"email":"{{user}}@example.com"},"context":{{context}}}"""));
        await SendAsync(ServerFixtureBase.Post("api/v1/track", $$"""{"userId":"{{user}}","context":{{context}}}"""));
        await SendAsync(ServerFixtureBase.Post("api/v1/track", $$"""{"userId":"{{user}}","event":"{{new string('x', 40_000)}}"}"""));
        await SendAsync(ServerFixtureBase.Post("api/v1/track", $$"""{"userId":"{{user}}","event":"X"}""", writeKey: "wrong-" + user));
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/t.gif?uid={user}&e=Page%20Viewed"));
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/t.gif?uid={user}&t=bogus"));
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"userId":"{{user}}","event":"Order Completed"}"""));
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/v1/pixel/track?data={Uri.EscapeDataString(data)}"));
        var events = $$$"""[{"body":{"type":"track","anonymousId":"{{{anonymous}}}","event":"Order Completed","context":{{{context}}}}},{"body":{"type":"track","userId":"{{{user}}}"}}]""";
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/eventhubs/touchpoints") { Content = new StringContent(events, Encoding.UTF8, "application/json") });
        Assert.NotNull(await _client.JourneyAsync(user));
        using var erased = await _client.DeleteAsync($"api/customers?id={Uri.EscapeDataString(user)}", ct);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);

        // Assert
        var entries = server.Logs.Entries.ToList();
        Assert.NotEmpty(entries);
        foreach (var secret in new[] { user, anonymous, ip, agent })
        {
            var leak = entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log entry holds '{secret}': {leak}");
        }
    }

    private async Task SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", "PiiProbe-header");
            using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True((int)response.StatusCode < 500, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode}");
        }
    }
}
