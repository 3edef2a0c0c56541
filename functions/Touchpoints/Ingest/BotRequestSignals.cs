using Microsoft.AspNetCore.Http;

namespace Touchpoints.Ingest;

/// <summary>What a request's headers say about its sender: the user agent and whether the browser only prefetched the URL.</summary>
/// <param name="UserAgent">The <c>User-Agent</c> header, or null when absent or blank.</param>
/// <param name="Prefetch">Whether <c>Sec-Purpose</c>, <c>Purpose</c> or <c>X-Purpose</c> names a prefetch or prerender, or <c>X-Moz</c> is <c>prefetch</c>.</param>
public sealed record BotRequestSignals(string? UserAgent, bool Prefetch)
{
    /// <summary>Reads the signals of a request's headers.</summary>
    public static BotRequestSignals From(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var userAgent = headers.UserAgent.ToString();
        var prefetch = Names(headers["Sec-Purpose"]) || Names(headers["Purpose"]) || Names(headers["X-Purpose"])
            || headers["X-Moz"].ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase);
        return new BotRequestSignals(string.IsNullOrWhiteSpace(userAgent) ? null : userAgent, prefetch);

        // Chromium sends "Sec-Purpose: prefetch" (and "prefetch;prerender"), older browsers "Purpose: prefetch", Safari "X-Purpose: preview".
        static bool Names(Microsoft.Extensions.Primitives.StringValues value)
        {
            var text = value.ToString();
            return text.Contains("prefetch", StringComparison.OrdinalIgnoreCase)
                || text.Contains("prerender", StringComparison.OrdinalIgnoreCase)
                || text.Contains("preview", StringComparison.OrdinalIgnoreCase);
        }
    }
}
