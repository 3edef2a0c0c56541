using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace Touchpoints.Benchmarks.Recording;

/// <summary>Turns an entity's JSON, as the Tables SDK wrote it into a transaction, back into the entity it came from.</summary>
internal static class EntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static TableEntity Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var entity = new TableEntity();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Contains('@', StringComparison.Ordinal) || property.Name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            var type = root.TryGetProperty(property.Name + TypeSuffix, out var annotation) ? annotation.GetString() : null;
            entity[property.Name] = Value(property.Value, type);
        }

        return entity;
    }

    private static object? Value(JsonElement value, string? type) => type switch
    {
        "Edm.Binary" => value.GetBytesFromBase64(),
        "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "Edm.Guid" => Guid.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.Double" => value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble(),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.Number => value.GetDouble(),
            _ => null,
        },
    };
}
