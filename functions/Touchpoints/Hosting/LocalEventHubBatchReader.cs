using System.Globalization;
using System.Text;
using System.Text.Json;
using Touchpoints.Ingest;

namespace Touchpoints.Hosting;

/// <summary>
/// Reads the local server's Event Hubs batch shape, a JSON array of
/// <c>{ "body": &lt;JSON value, or a base64 string with "bodyEncoding":"base64"&gt;, "enqueuedTimeUtc", "sequenceNumber",
/// "offset", "partitionKey", "partitionId" }</c>, into the events the Functions trigger would have mapped.
/// </summary>
internal static class LocalEventHubBatchReader
{
    public static IReadOnlyList<EventHubEvent> Read(ReadOnlySpan<byte> json, DateTimeOffset receivedAt, List<FieldError> errors)
    {
        var events = new List<EventHubEvent>();
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            errors.Add(new FieldError("$", $"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"));
            return events;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new FieldError("$", "must be an array of events"));
                return events;
            }

            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (ReadEvent(item, $"[{index}]", receivedAt, index, errors) is { } read)
                {
                    events.Add(read);
                }

                index++;
            }
        }

        return events;
    }

    private static EventHubEvent? ReadEvent(JsonElement item, string path, DateTimeOffset receivedAt, int index, List<FieldError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "must be an event object"));
            return null;
        }

        var before = errors.Count;
        if (!item.TryGetProperty("body", out var body))
        {
            errors.Add(new FieldError($"{path}.body", "is required"));
            return null;
        }

        ReadOnlyMemory<byte> bytes;
        var encoding = Text(item, "bodyEncoding");
        if (string.Equals(encoding, "base64", StringComparison.OrdinalIgnoreCase))
        {
            bytes = body.ValueKind == JsonValueKind.String && body.TryGetBytesFromBase64(out var decoded) ? decoded : ReadOnlyMemory<byte>.Empty;
            if (body.ValueKind != JsonValueKind.String || bytes.IsEmpty)
            {
                errors.Add(new FieldError($"{path}.body", "must be a base64 string when bodyEncoding is base64"));
            }
        }
        else if (encoding is null || string.Equals(encoding, "json", StringComparison.OrdinalIgnoreCase))
        {
            // The raw JSON value is the event body, exactly as a producer would have sent it.
            bytes = Encoding.UTF8.GetBytes(body.GetRawText());
        }
        else
        {
            errors.Add(new FieldError($"{path}.bodyEncoding", "must be json or base64"));
            bytes = ReadOnlyMemory<byte>.Empty;
        }

        var enqueued = receivedAt;
        if (Text(item, "enqueuedTimeUtc") is { } enqueuedText
            && !DateTimeOffset.TryParse(enqueuedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out enqueued))
        {
            errors.Add(new FieldError($"{path}.enqueuedTimeUtc", "must be an ISO-8601 date-time"));
        }

        long sequenceNumber = index;
        if (item.TryGetProperty("sequenceNumber", out var sequence) && !sequence.TryGetInt64(out sequenceNumber))
        {
            errors.Add(new FieldError($"{path}.sequenceNumber", "must be a whole number"));
        }

        if (errors.Count != before)
        {
            return null;
        }

        return new EventHubEvent
        {
            Body = bytes,
            EnqueuedTime = enqueued,
            SequenceNumber = sequenceNumber,
            Offset = Text(item, "offset"),
            PartitionKey = Text(item, "partitionKey"),
            PartitionId = Text(item, "partitionId"),
        };
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
