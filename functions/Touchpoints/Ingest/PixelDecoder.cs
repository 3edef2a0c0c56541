using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace Touchpoints.Ingest;

/// <summary>
/// Turns the two tracking-pixel forms into one Segment Spec message (UTF-8 JSON) for <see cref="TouchpointReader"/>,
/// so a pixel is validated exactly like an API call. Pure: no I/O, no clock.
/// </summary>
/// <remarks>
/// Short form (<c>/api/t.gif</c>): <c>uid</c> userId, <c>aid</c> anonymousId, <c>e</c> event (the page or screen
/// name for those types), <c>t</c> type (default <c>track</c>), <c>ch</c> channel, <c>mid</c> messageId, <c>ts</c>
/// timestamp (ISO-8601 or Unix milliseconds), <c>p.&lt;name&gt;</c> properties (JSON numbers become numbers),
/// <c>utm_source</c>/<c>utm_medium</c>/<c>utm_campaign</c>/<c>utm_term</c>/<c>utm_content</c> into
/// <c>context.campaign</c>, <c>wk</c> write key. Other parameters (cache busters) are ignored.
/// Segment form (<c>/api/v1/pixel/{type}?data=…</c>): the message as base64 (standard or URL-safe, padding optional).
/// </remarks>
public static partial class PixelDecoder
{
    /// <summary>The longest property name taken from a <c>p.&lt;name&gt;</c> parameter.</summary>
    public const int MaxPropertyNameLength = 128;

    private static readonly (string Parameter, string Field)[] CampaignParameters =
    [
        ("utm_source", "source"), ("utm_medium", "medium"), ("utm_campaign", "name"), ("utm_term", "term"), ("utm_content", "content"),
    ];

    /// <summary>Builds the message of a short-form pixel.</summary>
    /// <param name="query">The query parameters; of a repeated parameter the first value counts.</param>
    /// <param name="anonymousIdWhenMissing">Called only when the query carries neither <c>uid</c> nor <c>aid</c>: the first-party cookie's id, or null.</param>
    /// <param name="messageIdWhenMissing">The message id when the query carries no <c>mid</c> (see <see cref="PixelHitId"/>).</param>
    /// <returns>The message as UTF-8 JSON.</returns>
    public static byte[] FromQuery(IEnumerable<KeyValuePair<string, StringValues>> query, Func<string?>? anonymousIdWhenMissing, string? messageIdWhenMissing = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var properties = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in query)
        {
            var first = value.Count > 0 ? value[0] : null;
            if (first is null)
            {
                continue;
            }

            if (key.StartsWith("p.", StringComparison.Ordinal))
            {
                if (key.Length > 2 && key.Length - 2 <= MaxPropertyNameLength)
                {
                    properties.Add(new(key[2..], first));
                }
            }
            else
            {
                values.TryAdd(key, first);
            }
        }

        var type = Value(values, "t") ?? "track";
        var userId = Value(values, "uid");
        var anonymousId = Value(values, "aid");
        if (userId is null && anonymousId is null)
        {
            anonymousId = anonymousIdWhenMissing?.Invoke();
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            WriteIfSet(writer, "userId", userId);
            WriteIfSet(writer, "anonymousId", anonymousId);
            var isView = type.Equals("page", StringComparison.OrdinalIgnoreCase) || type.Equals("screen", StringComparison.OrdinalIgnoreCase);
            WriteIfSet(writer, isView ? "name" : "event", Value(values, "e"));
            WriteIfSet(writer, "messageId", Value(values, "mid") ?? messageIdWhenMissing);
            WriteIfSet(writer, "timestamp", Timestamp(Value(values, "ts")));
            WriteIfSet(writer, "channel", Value(values, "ch"));
            WriteIfSet(writer, "writeKey", Value(values, "wk"));

            if (properties.Count > 0)
            {
                writer.WriteStartObject("properties");
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (name, value) in properties)
                {
                    if (!written.Add(name))
                    {
                        continue;
                    }

                    writer.WritePropertyName(name);
                    if (value.Length <= 32 && JsonNumber().IsMatch(value))
                    {
                        // The original text, not a parsed double, so "19.90" and large integers keep their exact form.
                        writer.WriteRawValue(value, skipInputValidation: false);
                    }
                    else
                    {
                        writer.WriteStringValue(value);
                    }
                }

                writer.WriteEndObject();
            }

            var hasCampaign = false;
            foreach (var (parameter, field) in CampaignParameters)
            {
                if (Value(values, parameter) is not { } campaignValue)
                {
                    continue;
                }

                if (!hasCampaign)
                {
                    writer.WriteStartObject("context");
                    writer.WriteStartObject("campaign");
                    hasCampaign = true;
                }

                writer.WriteString(field, campaignValue);
            }

            if (hasCampaign)
            {
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes Segment's pixel form: the <c>data</c> parameter holds the message as base64 JSON.</summary>
    /// <param name="data">The <c>data</c> parameter.</param>
    /// <param name="anonymousIdWhenMissing">Called only when the message is an object with neither <c>userId</c> nor <c>anonymousId</c>.</param>
    /// <param name="message">The message as UTF-8 JSON (not yet validated) when decoding succeeded.</param>
    /// <param name="error">What is wrong with <paramref name="data"/> otherwise.</param>
    /// <param name="messageIdWhenMissing">The message id when the message has no <c>messageId</c> (see <see cref="PixelHitId"/>).</param>
    public static bool TryFromSegmentData(string? data, Func<string?>? anonymousIdWhenMissing, out byte[] message, out FieldError? error, string? messageIdWhenMissing = null)
    {
        message = [];
        if (string.IsNullOrWhiteSpace(data))
        {
            error = new FieldError("data", "is required: the message as base64-encoded JSON");
            return false;
        }

        if (data.Length > TouchpointLimits.MaxMessageBytes * 2)
        {
            error = new FieldError("data", $"is {data.Length} characters; a message is at most {TouchpointLimits.MaxMessageBytes} bytes");
            return false;
        }

        var normalized = new StringBuilder(data.Trim(), data.Length + 3).Replace('-', '+').Replace('_', '/').Replace(' ', '+');
        while (normalized.Length % 4 != 0)
        {
            normalized.Append('=');
        }

        var bytes = new byte[normalized.Length / 4 * 3];
        if (!Convert.TryFromBase64String(normalized.ToString(), bytes, out var length))
        {
            error = new FieldError("data", "is not valid base64");
            return false;
        }

        message = bytes.AsSpan(0, length).ToArray();
        error = null;
        if (anonymousIdWhenMissing is null && messageIdWhenMissing is null)
        {
            return true;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(message);
        }
        catch (JsonException)
        {
            // The reader reports the exact position; this only decides whether an id has to be supplied.
            return true;
        }

        if (root is not JsonObject obj)
        {
            return true;
        }

        var changed = false;
        if (!HasId(obj, "userId") && !HasId(obj, "anonymousId") && anonymousIdWhenMissing?.Invoke() is { } anonymousId)
        {
            obj["anonymousId"] = anonymousId;
            changed = true;
        }

        if (messageIdWhenMissing is not null && !HasId(obj, "messageId"))
        {
            obj["messageId"] = messageIdWhenMissing;
            changed = true;
        }

        if (changed)
        {
            message = JsonSerializer.SerializeToUtf8Bytes(obj, PixelJsonContext.Default.JsonObject);
        }

        return true;
    }

    private static bool HasId(JsonObject message, string name) =>
        message.TryGetPropertyValue(name, out var value) && value is JsonValue id
        && (id.GetValueKind() == JsonValueKind.Number || (id.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)));

    private static string? Value(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    // Unix milliseconds are what a page's script has at hand (Date.now()); anything else goes to the reader as given.
    private static string? Timestamp(string? ts) =>
        ts is { Length: >= 10 and <= 14 } && long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : ts;

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    // A JSON number without leading zeros, so "007" (a code, not a quantity) stays a string.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
