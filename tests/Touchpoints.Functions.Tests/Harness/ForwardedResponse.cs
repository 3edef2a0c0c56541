using System.Net;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>The worker's HTTP answer to a forwarded request, as the host would relay it to the client.</summary>
/// <param name="StatusCode">The status.</param>
/// <param name="Headers">Response and content headers, values joined by <c>", "</c>, names case-insensitive.</param>
/// <param name="Body">The body.</param>
internal sealed record ForwardedResponse(HttpStatusCode StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
