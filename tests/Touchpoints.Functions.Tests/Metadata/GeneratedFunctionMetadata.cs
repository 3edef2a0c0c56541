using System.Text.Json;

namespace Touchpoints.Functions.Tests.Metadata;

/// <summary>The <c>functions.metadata</c> that the Worker.Sdk's generator wrote for the real build, by function name.</summary>
internal sealed class GeneratedFunctionMetadata
{
    private GeneratedFunctionMetadata(Dictionary<string, JsonElement> functions) => Functions = functions;

    public IReadOnlyDictionary<string, JsonElement> Functions { get; }

    public static GeneratedFunctionMetadata Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(FunctionsAppBuild.FunctionsMetadata));
        var functions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var function in document.RootElement.EnumerateArray())
        {
            functions.Add(function.GetProperty("name").GetString()!, function.Clone());
        }

        return new GeneratedFunctionMetadata(functions);
    }

    /// <summary>The function's trigger binding (the one binding whose type ends in <c>Trigger</c>).</summary>
    public JsonElement Trigger(string functionName) =>
        Functions[functionName].GetProperty("bindings").EnumerateArray()
            .Single(static binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>The HTTP-triggered functions.</summary>
    public IEnumerable<string> HttpFunctions() =>
        Functions.Keys.Where(name => Trigger(name).GetProperty("type").GetString() == "httpTrigger");
}
