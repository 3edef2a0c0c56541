using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// The compact JSON a validated touchpoint is kept in (timeline rows, replays of an anonymous history into a known
/// customer). Short property names; absent values are left out.
/// </summary>
public static class TouchpointJson
{
    /// <summary>Serializes a touchpoint to UTF-8 JSON in the compact stored form.</summary>
    public static byte[] Serialize(Touchpoint touchpoint)
    {
        ArgumentNullException.ThrowIfNull(touchpoint);
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, touchpoint, TouchpointJsonNames.Compact);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a touchpoint as a JSON object with the given property names.</summary>
    public static void Write(Utf8JsonWriter writer, Touchpoint touchpoint, TouchpointJsonNames names)
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

        if (touchpoint.Properties.ValueKind == JsonValueKind.Object)
        {
            writer.WritePropertyName(names.Properties);
            touchpoint.Properties.WriteTo(writer);
        }

        if (touchpoint.Traits.ValueKind == JsonValueKind.Object)
        {
            writer.WritePropertyName("traits");
            touchpoint.Traits.WriteTo(writer);
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
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException("Not a stored touchpoint.", ex);
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
