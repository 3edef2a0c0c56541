using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// The compact JSON a validated touchpoint is kept in (timeline rows, replays of an anonymous history into a known
/// customer). Short property names; absent values are left out.
/// </summary>
/// <remarks>
/// The stored form must fit the 64 KiB binary property it is stored in for every message the reader accepts (at most
/// <see cref="TouchpointLimits.MaxMessageBytes"/>), so it never grows a message's free-form parts: <c>properties</c>
/// and <c>traits</c> are copied as the bytes they arrived as (they are disjoint parts of the measured message), and the
/// bounded fields are written with non-ASCII text unescaped. The default encoder would write every non-ASCII character
/// as <c>\uXXXX</c>, up to 6 bytes for a 2-byte Cyrillic letter and 12 for a 4-byte emoji, so a valid 22 KB Russian
/// message would not fit. <see cref="MaxStoredBytes"/> is the resulting bound.
/// </remarks>
public static class TouchpointJson
{
    /// <summary>
    /// The most bytes the stored form of an accepted message can take: the message's own bytes (which hold its
    /// properties and traits) plus every bounded field at its longest and escaped at worst (6 bytes a UTF-16 character:
    /// five ids, the event name, the segment) plus the names, numbers and punctuation.
    /// </summary>
    public const int MaxStoredBytes = TouchpointLimits.MaxMessageBytes
        + (6 * ((5 * TouchpointLimits.MaxIdLength) + TouchpointLimits.MaxEventLength + TouchpointLimits.MaxSegmentLength + MaxChannelLength))
        + (6 * MaxContextChars)
        + FixedOverheadBytes;

    // The kept context: seven bounded marketing values, a kept IP address and a kept user agent (ContextReader's bounds).
    private const int MaxContextChars = (7 * TouchpointContext.MaxFieldLength) + 64 + 512;

    // Channels are normalized to a short known list; the type, timestamp, scores, names and punctuation are fixed.
    private const int MaxChannelLength = 32;
    private const int FixedOverheadBytes = 512;

    // Stored rows are read only by this class, never rendered in a page, so HTML-sensitive characters need no escaping.
    private static readonly JsonWriterOptions StoredOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serializes a touchpoint to UTF-8 JSON in the compact stored form (at most <see cref="MaxStoredBytes"/> for an accepted message).</summary>
    public static byte[] Serialize(Touchpoint touchpoint)
    {
        ArgumentNullException.ThrowIfNull(touchpoint);
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer, StoredOptions))
        {
            WriteCore(writer, touchpoint, TouchpointJsonNames.Compact, copyObjects: true);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a touchpoint as a JSON object with the given property names.</summary>
    public static void Write(Utf8JsonWriter writer, Touchpoint touchpoint, TouchpointJsonNames names) => WriteCore(writer, touchpoint, names, copyObjects: false);

    private static void WriteCore(Utf8JsonWriter writer, Touchpoint touchpoint, TouchpointJsonNames names, bool copyObjects)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(touchpoint);
        ArgumentNullException.ThrowIfNull(names);
        writer.WriteStartObject();
        writer.WriteString(names.MessageId, touchpoint.MessageId);
        writer.WriteString("type", touchpoint.Type.ToString().ToLowerInvariant());
        WriteIfSet(writer, "event", touchpoint.Event);
        WriteIfSet(writer, names.UserId, touchpoint.UserId);
        WriteIfSet(writer, names.AnonymousId, touchpoint.AnonymousId);
        WriteIfSet(writer, names.PreviousId, touchpoint.PreviousId);
        WriteIfSet(writer, names.GroupId, touchpoint.GroupId);
        writer.WriteString(names.Timestamp, FormatTime(touchpoint.Timestamp));
        writer.WriteString(names.Channel, touchpoint.Channel);
        WriteIfSet(writer, names.Segment, touchpoint.Segment);
        if (touchpoint.Nps is int nps)
        {
            writer.WriteNumber("nps", nps);
        }

        if (touchpoint.Csat is int csat)
        {
            writer.WriteNumber("csat", csat);
        }

        if (touchpoint.Context is { } context)
        {
            WriteContext(writer, names == TouchpointJsonNames.Compact ? "ctx" : "context", context);
        }

        if (touchpoint.Properties.ValueKind == JsonValueKind.Object)
        {
            writer.WritePropertyName(names.Properties);
            WriteObject(writer, touchpoint.Properties, copyObjects);
        }

        if (touchpoint.Traits.ValueKind == JsonValueKind.Object)
        {
            writer.WritePropertyName("traits");
            WriteObject(writer, touchpoint.Traits, copyObjects);
        }

        writer.WriteEndObject();
    }

    /// <summary>A time as the JSON of touchpoints and journeys writes it: UTC, milliseconds, <c>Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a touchpoint written by <see cref="Serialize"/>.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a stored touchpoint.</exception>
    public static Touchpoint Deserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            return new Touchpoint
            {
                MessageId = root.GetProperty("id").GetString()!,
                Type = Enum.Parse<TouchpointType>(root.GetProperty("type").GetString()!, ignoreCase: true),
                Event = Optional(root, "event"),
                UserId = Optional(root, "uid"),
                AnonymousId = Optional(root, "aid"),
                PreviousId = Optional(root, "prev"),
                GroupId = Optional(root, "gid"),
                Timestamp = DateTimeOffset.Parse(root.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Channel = root.GetProperty("ch").GetString()!,
                Segment = Optional(root, "seg"),
                Nps = root.TryGetProperty("nps", out var nps) ? nps.GetInt32() : null,
                Csat = root.TryGetProperty("csat", out var csat) ? csat.GetInt32() : null,
                Properties = root.TryGetProperty("props", out var props) ? props.Clone() : default,
                Traits = root.TryGetProperty("traits", out var traits) ? traits.Clone() : default,
                Context = root.TryGetProperty("ctx", out var context) && context.ValueKind == JsonValueKind.Object ? ReadContext(context) : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException("Not a stored touchpoint.", ex);
        }
    }

    // Rows written before the context was kept have none; the names are the Segment Spec's, short enough as they are.
    private static void WriteContext(Utf8JsonWriter writer, string name, TouchpointContext context)
    {
        writer.WriteStartObject(name);
        if (context.CampaignSource is not null || context.CampaignMedium is not null || context.CampaignName is not null
            || context.CampaignTerm is not null || context.CampaignContent is not null)
        {
            writer.WriteStartObject("campaign");
            WriteIfSet(writer, "source", context.CampaignSource);
            WriteIfSet(writer, "medium", context.CampaignMedium);
            WriteIfSet(writer, "name", context.CampaignName);
            WriteIfSet(writer, "term", context.CampaignTerm);
            WriteIfSet(writer, "content", context.CampaignContent);
            writer.WriteEndObject();
        }

        WriteIfSet(writer, "referrerHost", context.ReferrerHost);
        WriteIfSet(writer, "pagePath", context.PagePath);
        WriteIfSet(writer, "ip", context.Ip);
        WriteIfSet(writer, "userAgent", context.UserAgent);
        writer.WriteEndObject();
    }

    private static TouchpointContext ReadContext(JsonElement context)
    {
        var campaign = context.TryGetProperty("campaign", out var value) ? value : default;
        return new TouchpointContext
        {
            CampaignSource = campaign.ValueKind == JsonValueKind.Object ? Optional(campaign, "source") : null,
            CampaignMedium = campaign.ValueKind == JsonValueKind.Object ? Optional(campaign, "medium") : null,
            CampaignName = campaign.ValueKind == JsonValueKind.Object ? Optional(campaign, "name") : null,
            CampaignTerm = campaign.ValueKind == JsonValueKind.Object ? Optional(campaign, "term") : null,
            CampaignContent = campaign.ValueKind == JsonValueKind.Object ? Optional(campaign, "content") : null,
            ReferrerHost = Optional(context, "referrerHost"),
            PagePath = Optional(context, "pagePath"),
            Ip = Optional(context, "ip"),
            UserAgent = Optional(context, "userAgent"),
        };
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement value, bool copy)
    {
        if (copy)
        {
            // The element was parsed, so its bytes are valid JSON already.
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
