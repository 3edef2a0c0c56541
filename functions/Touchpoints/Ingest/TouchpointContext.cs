namespace Touchpoints.Ingest;

/// <summary>
/// What is kept of a touchpoint's <c>context</c>: the campaign it came from (<c>context.campaign</c>, or the UTM
/// parameters of <c>context.page.url</c> when that is absent), the referrer's host and the page path, and, only where
/// configured (<see cref="ContextPolicy"/>), the truncated IP address and the user agent. Every value is trimmed and at
/// most <see cref="MaxFieldLength"/> characters.
/// </summary>
public sealed record TouchpointContext
{
    /// <summary>The most characters a kept value holds; longer ones are cut (campaign tags are short in practice).</summary>
    public const int MaxFieldLength = 200;

    /// <summary>The campaign's source (<c>utm_source</c>), for example <c>google</c>.</summary>
    public string? CampaignSource { get; init; }

    /// <summary>The campaign's medium (<c>utm_medium</c>), for example <c>cpc</c>.</summary>
    public string? CampaignMedium { get; init; }

    /// <summary>The campaign's name (<c>utm_campaign</c>): what attribution counts by campaign.</summary>
    public string? CampaignName { get; init; }

    /// <summary>The campaign's term (<c>utm_term</c>).</summary>
    public string? CampaignTerm { get; init; }

    /// <summary>The campaign's content (<c>utm_content</c>).</summary>
    public string? CampaignContent { get; init; }

    /// <summary>The referrer's host, lower case, for example <c>www.google.com</c>.</summary>
    public string? ReferrerHost { get; init; }

    /// <summary>The page's path, without query or fragment.</summary>
    public string? PagePath { get; init; }

    /// <summary>The IP address as configured to be kept (truncated by default); null unless <c>context.ip</c> is kept.</summary>
    public string? Ip { get; init; }

    /// <summary>The user agent; null unless <c>context.userAgent</c> is kept.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Whether nothing is kept.</summary>
    public bool IsEmpty =>
        CampaignSource is null && CampaignMedium is null && CampaignName is null && CampaignTerm is null && CampaignContent is null
        && ReferrerHost is null && PagePath is null && Ip is null && UserAgent is null;

    /// <summary>A value as kept: trimmed, empty as null, at most <see cref="MaxFieldLength"/> characters (never half a surrogate pair).</summary>
    public static string? Bound(string? value, int maxLength = MaxFieldLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.Length <= maxLength)
        {
            return value;
        }

        var cut = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..cut];
    }
}
