using System.Net;
using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>Reads of the local server the tests share.</summary>
internal static class ServerClientExtensions
{
    /// <summary>A customer's journey document, or null on 404.</summary>
    public static async Task<JsonDocument?> JourneyAsync(this HttpClient client, string customerId, string query = "", string prefix = "api/")
    {
        using var response = await client.GetAsync($"{prefix}customers/{Uri.EscapeDataString(customerId)}/journey{query}", TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// The customer's journey once its timeline holds at least <paramref name="expected"/> touchpoints, or the last read
    /// after a bounded wait: a browser sends beacons and SDK batches after the page's script returned. The caller asserts
    /// on what it got, never on how long it took.
    /// </summary>
    public static async Task<JsonDocument?> JourneyEventuallyAsync(this HttpClient client, string customerId, int expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var journey = await client.JourneyAsync(customerId);
            if (attempt == 100 || (journey is not null && journey.RootElement.GetProperty("timeline").GetArrayLength() >= expected))
            {
                return journey;
            }

            journey?.Dispose();
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The journey of the default funnel in a journey document.</summary>
    public static JsonElement DefaultFunnel(this JsonDocument document) =>
        document.RootElement.GetProperty("journeys").EnumerateArray().Single(static j => j.GetProperty("funnel").GetString() == "default");

    /// <summary>A unique id for one test's customer.</summary>
    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
