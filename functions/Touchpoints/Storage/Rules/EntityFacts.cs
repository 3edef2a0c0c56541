using System.Text.Json;
using Azure.Data.Tables;

namespace Touchpoints.Storage.Rules;

/// <summary>
/// An entity as the limits see it, read either from the SDK's <see cref="ITableEntity"/> (the write path, before it
/// submits) or from the JSON body of a request (the policy), so both are checked by the same <see cref="TableLimits"/>.
/// </summary>
internal sealed class EntityFacts
{
    private readonly List<PropertyFacts> _properties = [];

    public EntityFacts(string? table, string? partitionKey, string? rowKey)
    {
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string? Table { get; }

    public string? PartitionKey { get; private set; }

    public string? RowKey { get; private set; }

    public IReadOnlyList<PropertyFacts> Properties => _properties;

    /// <summary>The facts of an SDK entity. Only <see cref="TableEntity"/> exposes its properties; other entities are checked by their keys.</summary>
    public static EntityFacts From(string? table, ITableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var facts = new EntityFacts(table, entity.PartitionKey, entity.RowKey);
        if (entity is TableEntity dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                if (IsSystemProperty(name) || value is null)
                {
                    continue;
                }

                facts._properties.Add(value switch
                {
                    string text => new PropertyFacts(name, EdmType.String, text.Length),
                    byte[] bytes => new PropertyFacts(name, EdmType.Binary, bytes.Length),
                    BinaryData data => new PropertyFacts(name, EdmType.Binary, data.ToMemory().Length),
                    ReadOnlyMemory<byte> memory => new PropertyFacts(name, EdmType.Binary, memory.Length),
                    bool => new PropertyFacts(name, EdmType.Boolean, 0),
                    int => new PropertyFacts(name, EdmType.Int32, 0),
                    long => new PropertyFacts(name, EdmType.Int64, 0),
                    double => new PropertyFacts(name, EdmType.Double, 0),
                    Guid => new PropertyFacts(name, EdmType.Guid, 0),
                    DateTimeOffset or DateTime => new PropertyFacts(name, EdmType.DateTime, 0),
                    Enum => new PropertyFacts(name, EdmType.String, value.ToString()!.Length),
                    _ => new PropertyFacts(name, EdmType.String, value.ToString()?.Length ?? 0),
                });
            }
        }

        return facts;
    }

    /// <summary>
    /// The facts of an entity's JSON body as the SDK sends it (properties with <c>name@odata.type</c> annotations). Keys
    /// in the request's URL win over keys in the body, as they do for the service.
    /// </summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static EntityFacts FromJson(string? table, string? partitionKey, string? rowKey, ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An entity body is a JSON object.");
        }

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var at = property.Name.IndexOf("@odata.type", StringComparison.Ordinal);
            if (at > 0 && property.Value.ValueKind == JsonValueKind.String)
            {
                types[property.Name[..at]] = property.Value.GetString()!;
            }
        }

        var facts = new EntityFacts(table, partitionKey, rowKey);
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (name == "PartitionKey" && property.Value.ValueKind == JsonValueKind.String)
            {
                facts.PartitionKey ??= property.Value.GetString();
                continue;
            }

            if (name == "RowKey" && property.Value.ValueKind == JsonValueKind.String)
            {
                facts.RowKey ??= property.Value.GetString();
                continue;
            }

            if (name.Contains('@', StringComparison.Ordinal) || IsSystemProperty(name) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            facts._properties.Add(FromJsonValue(name, types.GetValueOrDefault(name), property.Value));
        }

        return facts;
    }

    private static PropertyFacts FromJsonValue(string name, string? type, JsonElement value) => type switch
    {
        "Edm.Binary" => new PropertyFacts(name, EdmType.Binary, Base64Length(value.GetString() ?? string.Empty)),
        "Edm.Int64" => new PropertyFacts(name, EdmType.Int64, 0),
        "Edm.Int32" => new PropertyFacts(name, EdmType.Int32, 0),
        "Edm.Double" => new PropertyFacts(name, EdmType.Double, 0),
        "Edm.Guid" => new PropertyFacts(name, EdmType.Guid, 0),
        "Edm.DateTime" => new PropertyFacts(name, EdmType.DateTime, 0),
        "Edm.Boolean" => new PropertyFacts(name, EdmType.Boolean, 0),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => new PropertyFacts(name, EdmType.String, value.GetString()!.Length),
            JsonValueKind.True or JsonValueKind.False => new PropertyFacts(name, EdmType.Boolean, 0),
            JsonValueKind.Number when value.TryGetInt32(out _) => new PropertyFacts(name, EdmType.Int32, 0),
            JsonValueKind.Number => new PropertyFacts(name, EdmType.Double, 0),
            _ => new PropertyFacts(name, EdmType.String, value.GetRawText().Length),
        },
    };

    private static int Base64Length(string base64)
    {
        var padding = base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0;
        return (base64.Length / 4 * 3) - padding;
    }

    // The service sets Timestamp and the ETag itself; the SDK's dictionary also carries the ETag as odata.etag.
    private static bool IsSystemProperty(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || name.StartsWith("odata.", StringComparison.Ordinal);
}
