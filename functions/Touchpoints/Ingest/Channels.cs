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

    // What SDKs, UTM mediums and UTM sources are seen to carry, by the channel each means.
    private static readonly Dictionary<string, string> Aliases = BuildAliases(
    [
        ("web", ["web", "browser", "server", "mobile", "app", "website"]),
        ("email", ["email", "e-mail", "newsletter", "mail"]),
        ("social", ["social", "social-media", "social_media", "facebook", "instagram", "twitter", "x", "linkedin", "tiktok", "youtube"]),
        ("search", ["search", "organic", "seo", "google", "bing"]),
        ("ads", ["ads", "ad", "cpc", "ppc", "paid", "paid_search", "paid-search", "paid_social", "display", "banner", "cpm"]),
        ("referral", ["referral", "referrer", "partner", "affiliate"]),
        ("in_store", ["in_store", "in-store", "instore", "store", "pos", "retail"]),
        ("support", ["support", "helpdesk", "chat", "call", "phone"]),
        ("direct", ["direct", "none", "(none)"]),
        ("other", ["other"]),
    ]);

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

    private static Dictionary<string, string> BuildAliases((string Channel, string[] Aliases)[] table)
    {
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (channel, names) in table)
        {
            foreach (var name in names)
            {
                aliases.Add(name, channel);
            }
        }

        return aliases;
    }
}
