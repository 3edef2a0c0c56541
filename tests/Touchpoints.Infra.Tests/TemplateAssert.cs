using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Touchpoints.Infra.Tests;

/// <summary>Assertions on compiled template values that say which resource and property failed.</summary>
internal static class TemplateAssert
{
    /// <summary>The property must be present and be exactly this boolean: a removed property fails, not just a wrong one.</summary>
    public static void IsBool(ArmResource resource, string path, bool expected)
    {
        var node = resource.At(path);
        Assert.True(
            node is JsonValue v && v.GetValueKind() == (expected ? JsonValueKind.True : JsonValueKind.False),
            $"{resource}: expected {path} = {expected.ToString().ToLowerInvariant()}, found {node?.ToJsonString() ?? "nothing"}.");
    }

    /// <summary>The property must be present and resolve to this string literal.</summary>
    public static void IsString(ArmResource resource, string path, string expected)
    {
        var node = resource.At(path);
        var resolved = node is null ? null : ArmExpression.Unquote(resource.Scope.Resolve(node));
        Assert.True(
            resolved == expected,
            $"{resource}: expected {path} = '{expected}', found {node?.ToJsonString() ?? "nothing"} (resolves to {resolved ?? "no literal"}).");
    }
}
