using System.Globalization;
using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// Reads what the Functions host tells about a batch beyond the event bodies: the trigger's binding data. In the
/// isolated worker, <c>PartitionContext</c> and <c>EnqueuedTimeUtcArray</c> arrive as JSON text (the times without an
/// offset, in UTC), <c>SequenceNumberArray</c> as a collection of <see cref="long"/>, and the offset and partition-key
/// arrays as collections of strings; each array is aligned with the batch.
/// </summary>
public static class EventHubBindingData
{
    /// <summary>The binding-data key of the partition context.</summary>
    public const string PartitionContextKey = "PartitionContext";

    /// <summary>The binding-data key of the events' enqueued times.</summary>
    public const string EnqueuedTimeUtcArrayKey = "EnqueuedTimeUtcArray";

    /// <summary>The binding-data key of the events' sequence numbers.</summary>
    public const string SequenceNumberArrayKey = "SequenceNumberArray";

    /// <summary>The binding-data key of the events' opaque offsets (newer hosts).</summary>
    public const string OffsetStringArrayKey = "OffsetStringArray";

    /// <summary>The binding-data key of the events' offsets (older hosts, numeric text).</summary>
    public const string OffsetArrayKey = "OffsetArray";

    /// <summary>The binding-data key of the publishers' partition keys.</summary>
    public const string PartitionKeyArrayKey = "PartitionKeyArray";

    /// <summary>
    /// Maps a batch bound as bodies (<c>byte[][]</c>) and the trigger's binding data to the pipeline's events. A
    /// metadata array that is missing or shorter than the batch leaves those fields unset, except the enqueued time,
    /// which falls back to <paramref name="receivedAt"/>: metadata must never fail a batch.
    /// </summary>
    /// <param name="bodies">The event bodies, in partition order.</param>
    /// <param name="bindingData">The invocation's binding data (case-insensitive keys in the worker).</param>
    /// <param name="receivedAt">When the batch reached the worker.</param>
    /// <returns>The event hub's name (null when the host did not say) and the events.</returns>
    public static (string? EventHubName, EventHubEvent[] Events) ReadBatch(IReadOnlyList<byte[]> bodies, IReadOnlyDictionary<string, object?> bindingData, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentNullException.ThrowIfNull(bindingData);
        var (eventHubName, partitionId) = ReadPartitionContext(bindingData);
        var enqueued = ReadStrings(bindingData, EnqueuedTimeUtcArrayKey);
        var sequenceNumbers = ReadInt64s(bindingData, SequenceNumberArrayKey);
        var offsets = ReadStrings(bindingData, OffsetStringArrayKey) ?? ReadStrings(bindingData, OffsetArrayKey);
        var partitionKeys = ReadStrings(bindingData, PartitionKeyArrayKey);
        var events = new EventHubEvent[bodies.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new EventHubEvent
            {
                Body = bodies[i] ?? [],
                EnqueuedTime = ParseUtc(At(enqueued, i)) ?? receivedAt,
                SequenceNumber = sequenceNumbers is not null && i < sequenceNumbers.Count ? sequenceNumbers[i] : 0,
                Offset = EmptyAsNull(At(offsets, i)),
                PartitionKey = EmptyAsNull(At(partitionKeys, i)),
                PartitionId = partitionId,
            };
        }

        return (eventHubName, events);
    }

    /// <summary>The event hub's name and the partition id, each null when the host did not say.</summary>
    /// <param name="bindingData">The invocation's binding data (case-insensitive keys in the worker).</param>
    public static (string? EventHubName, string? PartitionId) ReadPartitionContext(IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        if (!bindingData.TryGetValue(PartitionContextKey, out var value) && !bindingData.TryGetValue("TriggerPartitionContext", out value))
        {
            return (null, null);
        }

        if (value is not string json || json.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? (StringProperty(root, "EventHubName"), StringProperty(root, "PartitionId"))
                : (null, null);
        }
        catch (JsonException)
        {
            // Metadata only: a shape we do not know must not fail the batch.
            return (null, null);
        }
    }

    private static string? StringProperty(JsonElement obj, string name)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => null,
                };
            }
        }

        return null;
    }

    private static string? At(List<string>? values, int index) => values is not null && index < values.Count ? values[index] : null;

    private static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTimeOffset? ParseUtc(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    private static List<string>? ReadStrings(IReadOnlyDictionary<string, object?> bindingData, string key)
    {
        if (!bindingData.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        if (value is string json)
        {
            return ParseJsonArray(json, static element => element.ValueKind switch
            {
                JsonValueKind.String => element.GetString() ?? string.Empty,
                JsonValueKind.Null => string.Empty,
                _ => element.GetRawText(),
            });
        }

        if (value is IEnumerable<string> strings)
        {
            return [.. strings];
        }

        return null;
    }

    private static List<long>? ReadInt64s(IReadOnlyDictionary<string, object?> bindingData, string key)
    {
        if (!bindingData.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            IEnumerable<long> numbers => [.. numbers],
            string json => ParseJsonArray(json, static element => element.TryGetInt64(out var number) ? number : 0),
            _ => null,
        };
    }

    private static List<T>? ParseJsonArray<T>(string json, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var values = new List<T>(document.RootElement.GetArrayLength());
            foreach (var element in document.RootElement.EnumerateArray())
            {
                values.Add(read(element));
            }

            return values;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
