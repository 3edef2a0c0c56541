using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// Reads what the Functions host tells about a batch beyond the events themselves: the <c>PartitionContext</c>
/// binding data, which arrives in the isolated worker as a JSON string such as
/// <c>{"FullyQualifiedNamespace":"…","EventHubName":"…","ConsumerGroup":"…","PartitionId":"2"}</c>.
/// </summary>
public static class EventHubBindingData
{
    /// <summary>The binding-data key of the partition context.</summary>
    public const string PartitionContextKey = "PartitionContext";

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
}
