using System.Text.Json;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>One binding of a function as the worker reports it in <c>raw_bindings</c> (JSON), read as the host reads it.</summary>
/// <param name="Name">The binding's name (the parameter, or <c>$return</c>).</param>
/// <param name="Type">The binding type (<c>httpTrigger</c>, <c>timerTrigger</c>, <c>eventHubTrigger</c>, <c>http</c>).</param>
/// <param name="Direction">The direction as written (<c>In</c>, <c>Out</c>, <c>InOut</c>).</param>
/// <param name="Json">The whole binding object.</param>
internal sealed record RawBinding(string Name, string Type, string Direction, JsonElement Json)
{
    /// <summary>Parses one raw binding.</summary>
    public static RawBinding Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement.Clone();
        return new RawBinding(Text(element, "name") ?? string.Empty, Text(element, "type") ?? string.Empty, Text(element, "direction") ?? string.Empty, element);
    }

    /// <summary>A string property of the binding (case-insensitive name, as the host's model binding reads it), or null.</summary>
    public string? Property(string name) => Text(Json, name);

    /// <summary>Whether this is the function's trigger.</summary>
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
