using System.Text.Json;
using System.Text.Json.Nodes;

namespace Touchpoints.Infra.Tests;

/// <summary>A compiled ARM template with its nested module deployments flattened into one list of resources.</summary>
internal sealed class ArmTemplate
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    public ArmTemplate(JsonObject root)
    {
        Root = new ArmScope("main", root, deployment: null, parent: null);
        Resources = Walk(Root).ToList();
    }

    public ArmScope Root { get; }

    /// <summary>Every resource of the template and of every nested deployment, <c>existing</c> references included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The resources of a type that the template deploys (not <c>existing</c> references).</summary>
    public IReadOnlyList<ArmResource> Deployed(string type) =>
        Resources.Where(r => !r.IsExisting && string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The one deployed resource of a type.</summary>
    public ArmResource Single(string type)
    {
        var found = Deployed(type);
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"Expected one {type}, found {found.Count}.");
    }

    /// <summary>The scope of the module deployed under a deployment name.</summary>
    public ArmScope Module(string deploymentName) =>
        Resources
            .Where(r => r.Type == DeploymentType && r.Name == deploymentName)
            .Select(r => r.NestedScope)
            .OfType<ArmScope>()
            .SingleOrDefault()
        ?? throw new InvalidOperationException($"No module deployment named {deploymentName}.");

    private static IEnumerable<ArmResource> Walk(ArmScope scope)
    {
        foreach (var resource in scope.Resources)
        {
            yield return resource;
            if (resource.NestedScope is { } nested)
            {
                foreach (var inner in Walk(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>One template (the main one or a module's) and the deployment that passes it its parameters.</summary>
internal sealed partial class ArmScope
{
    private readonly JsonObject? _deployment;

    public ArmScope(string name, JsonObject template, JsonObject? deployment, ArmScope? parent)
    {
        Name = name;
        Template = template;
        _deployment = deployment;
        Parent = parent;
    }

    public string Name { get; }

    public JsonObject Template { get; }

    /// <summary>
    /// Whether the text reads the output of the module deployed under that name: by resource ID, or (language version 2.0)
    /// by the module's symbolic name, which main.bicep spells as the deployment name in camel case
    /// (<c>BicepBuildTests.Main_ModuleSymbols_AreTheirDeploymentNames</c> holds it to that).
    /// </summary>
    public static bool IsModuleOutput(string text, string module, string output) =>
        (text.Contains($"'Microsoft.Resources/deployments', '{module}')", StringComparison.Ordinal)
            || (text.StartsWith("reference('", StringComparison.Ordinal) && text.IndexOf("')", StringComparison.Ordinal) is var end && end > 11
                && string.Equals(text[11..end], module, StringComparison.OrdinalIgnoreCase)))
        && text.EndsWith($".outputs.{output}.value", StringComparison.Ordinal);

    public ArmScope? Parent { get; }

    /// <summary>Resources in both template forms: an array, or (language version 2.0) an object keyed by symbolic name.</summary>
    public IEnumerable<ArmResource> Resources => Template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>().Select(r => new ArmResource(this, null, r)),
        JsonObject symbolic => symbolic.Where(static kv => kv.Value is JsonObject).Select(kv => new ArmResource(this, kv.Key, kv.Value!.AsObject())),
        _ => [],
    };

    public JsonObject? ParameterDefinition(string name) => Template["parameters"]?[name] as JsonObject;

    public JsonNode? Output(string name) => Template["outputs"]?[name]?["value"];

    /// <summary>
    /// The text of a property value with the parameters and variables it uses replaced by what they stand for:
    /// a module parameter by the value its deployment passes (resolved in the parent) or by its default.
    /// A literal string comes back quoted, so <c>'managedidentity'</c> and <c>reference('identity').clientId</c> read alike.
    /// </summary>
    public string Resolve(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => ArmExpression.IsExpression(s) ? ResolveBody(ArmExpression.Body(s)) : ArmExpression.Quote(s),
        _ => value.ToJsonString(),
    };

    public string ResolveBody(string body) =>
        Reference().Replace(body, match =>
        {
            var name = match.Groups["name"].Value;
            var member = match.Groups["member"].Success ? match.Groups["member"].Value : null;
            return match.Groups["kind"].Value == "parameters"
                ? ParameterText(name) is { } p ? p + (member is null ? string.Empty : "." + member) : match.Value
                : VariableText(name, member) ?? match.Value;
        });

    /// <summary>
    /// Reads an object-valued property (such as app settings) into its entries, following <c>union</c>,
    /// <c>createObject</c> and variables. Parts computed at deployment time (for example <c>toObject</c> over a parameter)
    /// are returned as text in <see cref="ArmObject.Computed"/>.
    /// </summary>
    public ArmObject ReadObject(JsonNode? value)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var computed = new List<string>();
        ReadObjectInto(value, entries, computed);
        return new ArmObject(entries, computed);
    }

    private void ReadObjectInto(JsonNode? value, Dictionary<string, string> entries, List<string> computed)
    {
        switch (value)
        {
            case JsonObject literal:
                foreach (var (key, item) in literal)
                {
                    entries[key] = Resolve(item);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && ArmExpression.IsExpression(s):
                ReadObjectExpression(ArmExpression.Body(s), entries, computed);
                break;
            default:
                computed.Add(value?.ToJsonString() ?? "null");
                break;
        }
    }

    private void ReadObjectExpression(string body, Dictionary<string, string> entries, List<string> computed)
    {
        if (!ArmExpression.TryParseCall(body, out var function, out var arguments))
        {
            computed.Add(ResolveBody(body));
            return;
        }

        switch (function)
        {
            case "union" or "shallowMerge":
                foreach (var argument in arguments)
                {
                    ReadObjectExpression(argument, entries, computed);
                }

                break;
            case "createObject":
                for (var i = 0; i + 1 < arguments.Count; i += 2)
                {
                    var key = ArmExpression.Unquote(arguments[i]) ?? throw new InvalidOperationException($"createObject key {arguments[i]} is not a literal.");
                    entries[key] = ResolveBody(arguments[i + 1]);
                }

                break;
            case "variables" when arguments.Count == 1 && ArmExpression.Unquote(arguments[0]) is { } name:
                ReadObjectInto(Template["variables"]?[name], entries, computed);
                break;
            default:
                computed.Add(ResolveBody(body));
                break;
        }
    }

    private string? ParameterText(string name)
    {
        if (_deployment?["properties"]?["parameters"]?[name] is JsonObject passed && passed.ContainsKey("value"))
        {
            return Parent is null ? null : Parent.Resolve(passed["value"]);
        }

        // The main template's parameters are the deployer's to set, so they stay parameters; a module's default applies only when nothing is passed.
        return Parent is not null && ParameterDefinition(name)?["defaultValue"] is { } defaultValue ? Resolve(defaultValue) : null;
    }

    private string? VariableText(string name, string? member)
    {
        var variable = Template["variables"]?[name];
        if (variable is null)
        {
            return null;
        }

        if (member is not null)
        {
            // loadJsonContent compiles to an alias of a hidden variable: follow it to reach the member.
            if (variable is JsonValue alias && alias.TryGetValue<string>(out var text) && ArmExpression.IsExpression(text)
                && Reference().Match(ArmExpression.Body(text)) is { Success: true } m && m.Length == ArmExpression.Body(text).Length
                && m.Groups["kind"].Value == "variables" && !m.Groups["member"].Success)
            {
                return VariableText(m.Groups["name"].Value, member);
            }

            return variable is JsonObject obj && obj[member] is { } item ? Resolve(item) : Resolve(variable) + "." + member;
        }

        return Resolve(variable);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<kind>parameters|variables)\('(?<name>[^']+)'\)(\.(?<member>[A-Za-z_][A-Za-z0-9_]*))?")]
    private static partial System.Text.RegularExpressions.Regex Reference();
}

/// <summary>One resource of a template, with the scope its expressions are evaluated in.</summary>
internal sealed record ArmResource(ArmScope Scope, string? SymbolicName, JsonObject Json)
{
    public string Type => Json["type"]?.GetValue<string>() ?? string.Empty;

    public bool IsExisting => Json["existing"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>The raw <c>name</c>: a literal or an expression.</summary>
    public string Name => Json["name"]?.GetValue<string>() ?? string.Empty;

    /// <summary>The name with parameters and variables resolved.</summary>
    public string ResolvedName => Scope.Resolve(Json["name"]);

    public JsonObject Properties => Json["properties"] as JsonObject ?? [];

    /// <summary>The template a module deployment carries, as a scope of its own.</summary>
    public ArmScope? NestedScope =>
        Type == ArmTemplate.DeploymentType && Properties["template"] is JsonObject template
            ? new ArmScope(Name, template, Json, Scope)
            : null;

    /// <summary>The node at a dotted path under the resource, such as <c>properties.siteConfig.minTlsVersion</c>.</summary>
    public JsonNode? At(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    public override string ToString() => $"{Type} {Name} (in {Scope.Name})";
}

/// <summary>An object value read from a template: the entries it is known to have and the parts computed at deployment time.</summary>
internal sealed record ArmObject(IReadOnlyDictionary<string, string> Entries, IReadOnlyList<string> Computed)
{
    /// <summary>The value of an entry when it is a string literal; null when absent or computed.</summary>
    public string? Literal(string key) => Entries.TryGetValue(key, out var text) ? ArmExpression.Unquote(text) : null;
}
