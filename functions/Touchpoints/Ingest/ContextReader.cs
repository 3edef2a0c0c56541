using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// Reads what is kept of a message's <c>context</c> and <c>traits</c> (<see cref="ContextPolicy"/>). Lenient: context
/// values of the wrong type and URLs that do not parse are ignored, never an error, because they come from browsers and
/// SDKs the sender does not control and say nothing about whether the touchpoint happened.
/// </summary>
internal static class ContextReader
{
    private static readonly JsonWriterOptions RelaxedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The kept context, or null when nothing is kept; <paramref name="pageHost"/> is the page URL's host (not kept).</summary>
    public static TouchpointContext? Read(JsonElement context, JsonElement campaign, ContextPolicy policy, out string? pageHost)
    {
        pageHost = null;
        if (context.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var page = Property(context, "page");
        var pageUrl = Text(page, "url");
        pageHost = HostOf(pageUrl);

        string? source = null, medium = null, name = null, term = null, content = null;
        if (campaign.ValueKind == JsonValueKind.Object)
        {
            source = Bounded(Text(campaign, "source"));
            medium = Bounded(Text(campaign, "medium"));
            name = Bounded(Text(campaign, "name"));
            term = Bounded(Text(campaign, "term"));
            content = Bounded(Text(campaign, "content"));
        }

        if (source is null && medium is null && name is null && term is null && content is null && pageUrl is not null)
        {
            // No campaign object: the UTM parameters of the page's URL say the same (browser SDKs send one or the other).
            foreach (var (key, value) in QueryParameters(pageUrl))
            {
                switch (key.ToLowerInvariant())
                {
                    case "utm_source":
                        source ??= Bounded(value);
                        break;
                    case "utm_medium":
                        medium ??= Bounded(value);
                        break;
                    case "utm_campaign":
                        name ??= Bounded(value);
                        break;
                    case "utm_term":
                        term ??= Bounded(value);
                        break;
                    case "utm_content":
                        content ??= Bounded(value);
                        break;
                }
            }
        }

        var referrer = Text(page, "referrer") ?? Text(Property(context, "referrer"), "url");
        var kept = new TouchpointContext
        {
            CampaignSource = source,
            CampaignMedium = medium,
            CampaignName = name,
            CampaignTerm = term,
            CampaignContent = content,
            ReferrerHost = Bounded(HostOf(referrer)),
            PagePath = Bounded(Text(page, "path") ?? PathOf(pageUrl)),
            Ip = policy.KeptIp(Text(context, "ip")),
            UserAgent = policy.KeepsUserAgent ? TouchpointContext.Bound(Text(context, "userAgent"), 512) : null,
        };
        return kept.IsEmpty ? null : kept;
    }

    /// <summary>The traits the policy keeps, as their own object (the bytes they arrived as), or an undefined element when none are.</summary>
    public static JsonElement KeptTraits(JsonElement traits, ContextPolicy policy)
    {
        if (traits.ValueKind != JsonValueKind.Object || !policy.KeepsAnyTrait)
        {
            return default;
        }

        if (policy.KeepsAllTraits)
        {
            return traits.Clone();
        }

        using var buffer = new MemoryStream();
        var kept = 0;
        using (var writer = new Utf8JsonWriter(buffer, RelaxedOptions))
        {
            writer.WriteStartObject();
            foreach (var property in traits.EnumerateObject())
            {
                if (policy.KeepsTrait(property.Name))
                {
                    // The value's own bytes, so a kept trait never grows (the stored form's size bound relies on it).
                    writer.WritePropertyName(property.Name);
                    writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
                    kept++;
                }
            }

            writer.WriteEndObject();
        }

        if (kept == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>The host of an absolute http(s) URL, lower case; null for anything else.</summary>
    internal static string? HostOf(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return uri.Host.Length == 0 ? null : uri.Host.ToLowerInvariant();
    }

    /// <summary>The query parameters of a URL (absolute or not), decoded; malformed escapes are kept as sent.</summary>
    internal static IEnumerable<(string Key, string Value)> QueryParameters(string url)
    {
        var start = url.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            yield break;
        }

        var end = url.IndexOf('#', start);
        var query = url[(start + 1)..(end < 0 ? url.Length : end)];
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            yield return (key, value);
        }
    }

    private static string? PathOf(string? url)
    {
        if (url is null)
        {
            return null;
        }

        if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri.AbsolutePath;
        }

        // A relative URL: the part before its query or fragment, if it looks like a path.
        var text = url.Trim();
        var cut = text.IndexOfAny(['?', '#']);
        var path = cut < 0 ? text : text[..cut];
        return path.StartsWith('/') ? path : null;
    }

    private static string Decode(string text)
    {
        // Uri.UnescapeDataString leaves invalid escapes as they are instead of throwing.
        return Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    private static string? Bounded(string? value) => TouchpointContext.Bound(value);

    private static JsonElement Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
