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

    /// <summary>The journey of the default funnel in a journey document.</summary>
    public static JsonElement DefaultFunnel(this JsonDocument document) =>
        document.RootElement.GetProperty("journeys").EnumerateArray().Single(static j => j.GetProperty("funnel").GetString() == "default");

    /// <summary>A unique id for one test's customer.</summary>
    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
