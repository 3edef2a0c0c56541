namespace Touchpoints.Ingest;

/// <summary>
/// The small, closed set of marketing channels a touchpoint is attributed to, and the normalisation of the free-form
/// values SDKs and UTM parameters carry into it.
/// </summary>
public static class Channels
{
    /// <summary>Every channel, in a fixed order: the index is the channel's compact code in stored records.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["direct", "web", "email", "social", "search", "ads", "referral", "in_store", "support", "other"];

    /// <summary>The channel of a touchpoint that names none.</summary>
    public const string Direct = "direct";

    /// <summary>The channel of a value that names no known channel.</summary>
    public const string Other = "other";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["web"] = "web", ["browser"] = "web", ["server"] = "web", ["mobile"] = "web", ["app"] = "web", ["website"] = "web",
        ["email"] = "email", ["e-mail"] = "email", ["newsletter"] = "email", ["mail"] = "email",
        ["social"] = "social", ["social-media"] = "social", ["social_media"] = "social", ["facebook"] = "social", ["instagram"] = "social",
        ["twitter"] = "social", ["x"] = "social", ["linkedin"] = "social", ["tiktok"] = "social", ["youtube"] = "social",
        ["search"] = "search", ["organic"] = "search", ["seo"] = "search", ["google"] = "search", ["bing"] = "search",
        ["ads"] = "ads", ["ad"] = "ads", ["cpc"] = "ads", ["ppc"] = "ads", ["paid"] = "ads", ["paid_search"] = "ads",
        ["paid-search"] = "ads", ["paid_social"] = "ads", ["display"] = "ads", ["banner"] = "ads", ["cpm"] = "ads", ["affiliate"] = "referral",
        ["referral"] = "referral", ["referrer"] = "referral", ["partner"] = "referral",
        ["in_store"] = "in_store", ["in-store"] = "in_store", ["instore"] = "in_store", ["store"] = "in_store", ["pos"] = "in_store", ["retail"] = "in_store",
        ["support"] = "support", ["helpdesk"] = "support", ["chat"] = "support", ["call"] = "support", ["phone"] = "support",
        ["direct"] = "direct", ["none"] = "direct", ["(none)"] = "direct",
        ["other"] = "other",
    };

    /// <summary>
    /// Normalises a channel: an explicit channel wins, then the UTM medium, then the UTM source; anything unknown is
    /// <see cref="Other"/> and nothing at all is <see cref="Direct"/>.
    /// </summary>
    public static string Normalize(string? channel, string? campaignMedium = null, string? campaignSource = null)
    {
        foreach (var candidate in (ReadOnlySpan<string?>)[channel, campaignMedium, campaignSource])
        {
            if (!string.IsNullOrWhiteSpace(candidate))
            {
                return Aliases.TryGetValue(candidate.Trim(), out var known) ? known : Other;
            }
        }

        return Direct;
    }

    /// <summary>The compact code of a normalised channel.</summary>
    public static byte Code(string channel)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], channel, StringComparison.Ordinal))
            {
                return (byte)i;
            }
        }

        return (byte)(All.Count - 1);
    }

    /// <summary>The channel of a compact code.</summary>
    public static string FromCode(byte code) => code < All.Count ? All[code] : Other;
}
