using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Touchpoints.Infra.Tests;

/// <summary>
/// What azd does with <c>infra/main.parameters.json</c> before it deploys <c>main.bicep</c>, so a test can run it with
/// realistic environment values instead of waiting for <c>azd up</c> to fail.
/// </summary>
/// <remarks>
/// <para>
/// Substitution is <c>github.com/drone/envsubst</c> (azd's <c>envsubst.Eval</c>): <c>${NAME}</c> gives the value, and
/// <c>${NAME=default}</c>, <c>${NAME:=default}</c> and <c>${NAME:-default}</c> all give the default when the value is empty
/// or unset (drone maps each of them to the same <c>toDefault</c>). An unset variable without a default becomes the empty
/// string. A default cannot hold <c>}</c>, which is why an object parameter defaults to <c>null</c> (azd then passes no
/// value and the template default applies) rather than to <c>{}</c>.
/// </para>
/// <para>
/// A parameter whose template type is an object or an array and whose file value is a string has only that string
/// substituted and then parsed as JSON (Azure/azure-dev#6694); a value that is not valid JSON fails the provision, and
/// so does an empty one. Every other parameter is substituted as JSON text (<c>{"value":"${NAME}"}</c>), so a value with
/// a double quote breaks the JSON. Then azd relaxes strings to the template type (<c>armParameterFileValue</c>): a bool
/// parameter takes Go's <c>strconv.ParseBool</c> forms, an int parameter a base-10 integer, and an empty string for a
/// string parameter counts as not set (the template default applies) unless the default is a different string.
/// </para>
/// </remarks>
internal static class AzdParameterSubstitution
{
    /// <summary>The parameter values azd passes: a parameter left out here takes the template's default.</summary>
    public static Dictionary<string, JsonNode?> Resolve(JsonObject parametersFile, JsonObject templateParameters, IReadOnlyDictionary<string, string> environment)
    {
        var resolved = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var entries = parametersFile["parameters"] as JsonObject ?? throw new AzdSubstitutionException("The parameters file has no \"parameters\" object.");
        foreach (var (name, entry) in entries)
        {
            var definition = templateParameters[name] as JsonObject ?? throw new AzdSubstitutionException($"{name} is not a parameter of the template.");
            var type = TypeOf(definition);
            var value = entry?["value"];
            if (type is "object" or "secureobject" or "array" && value is JsonValue raw && raw.TryGetValue<string>(out var text))
            {
                var substituted = Substitute(text, environment);
                try
                {
                    // JSON null is a value azd does not pass, so the template default applies.
                    if (JsonNode.Parse(substituted) is { } parsedValue)
                    {
                        resolved[name] = parsedValue;
                    }
                }
                catch (JsonException ex)
                {
                    throw new AzdSubstitutionException($"{name} ({type}): azd parses '{Describe(substituted)}' as JSON and fails: {ex.Message}");
                }

                continue;
            }

            var json = Substitute(new JsonObject { ["value"] = value?.DeepClone() }.ToJsonString(), environment);
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(json)?["value"];
            }
            catch (JsonException ex)
            {
                throw new AzdSubstitutionException($"{name} ({type}): the substituted entry is not JSON, so azd fails to read the parameters file: {ex.Message}");
            }

            if (Relax(type, parsed, definition["defaultValue"]) is { } relaxed)
            {
                resolved[name] = relaxed;
            }
        }

        return resolved;
    }

    /// <summary>Every way <paramref name="value"/> does not fit the template parameter: type, allowed values, bounds.</summary>
    public static IReadOnlyList<string> Bind(string name, JsonObject definition, JsonNode? value)
    {
        var problems = new List<string>();
        var type = TypeOf(definition);
        var kind = value?.GetValueKind();
        var fits = type switch
        {
            "string" or "securestring" => kind == JsonValueKind.String,
            "int" => kind == JsonValueKind.Number && value!.AsValue().TryGetValue<long>(out _),
            "bool" => kind is JsonValueKind.True or JsonValueKind.False,
            "object" or "secureobject" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            _ => false,
        };
        if (!fits)
        {
            problems.Add($"{name}: a {type} parameter got {value?.ToJsonString() ?? "null"}.");
            return problems;
        }

        if (definition["allowedValues"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"{name}: {value!.ToJsonString()} is not one of {allowed.ToJsonString()}.");
        }

        if (type == "int")
        {
            var number = value!.GetValue<long>();
            if (definition["minValue"] is { } min && number < min.GetValue<long>())
            {
                problems.Add($"{name}: {number} is below the minimum {min}.");
            }

            if (definition["maxValue"] is { } max && number > max.GetValue<long>())
            {
                problems.Add($"{name}: {number} is above the maximum {max}.");
            }
        }

        var length = value switch
        {
            JsonArray array => array.Count,
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length,
            _ => (int?)null,
        };
        if (length is { } l && definition["minLength"] is { } minLength && l < minLength.GetValue<int>())
        {
            problems.Add($"{name}: length {l} is below the minimum {minLength}.");
        }

        if (length is { } m && definition["maxLength"] is { } maxLength && m > maxLength.GetValue<int>())
        {
            problems.Add($"{name}: length {m} is above the maximum {maxLength}.");
        }

        if (type == "array" && definition["items"]?["type"]?.GetValue<string>() is "string")
        {
            foreach (var item in value!.AsArray().Where(static i => i?.GetValueKind() != JsonValueKind.String))
            {
                problems.Add($"{name}: the string[] holds {item?.ToJsonString() ?? "null"}.");
            }
        }

        return problems;
    }

    /// <summary>drone/envsubst over <paramref name="text"/>, for the forms azd templates use.</summary>
    /// <remarks>
    /// As drone parses: only <c>${</c> starts a substitution (a bare <c>$NAME</c> stays as it is), a name is letters, digits,
    /// <c>_</c> and <c>-</c>, a default runs to the first <c>}</c> (so <c>${NAME={}}</c> is the default <c>{</c> followed by a
    /// literal <c>}</c>), <c>$$</c> is a literal <c>$</c>, and a backslash before <c>/</c> or another backslash is dropped.
    /// </remarks>
    /// <exception cref="AzdSubstitutionException">A <c>${...}</c> form this model does not cover.</exception>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> environment)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '$' && next == '$')
            {
                result.Append('$');
                i++;
            }
            else if (c == '\\' && next is '/' or '\\')
            {
                result.Append(next);
                i++;
            }
            else if (c == '$' && next == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new AzdSubstitutionException($"Unclosed ${{ at {i}.");
                }

                var body = text[(i + 2)..close];
                var nameLength = 0;
                while (nameLength < body.Length && (char.IsAsciiLetterOrDigit(body[nameLength]) || body[nameLength] is '_' or '-'))
                {
                    nameLength++;
                }

                var name = body[..nameLength];
                var rest = body[nameLength..];
                string? fallback = null;
                foreach (var op in new[] { ":=", ":-", ":?", ":+", "=" })
                {
                    if (rest.StartsWith(op, StringComparison.Ordinal))
                    {
                        fallback = rest[op.Length..];
                        break;
                    }
                }

                if (name.Length == 0 || (rest.Length > 0 && fallback is null) || (fallback?.Contains('$', StringComparison.Ordinal) ?? false))
                {
                    throw new AzdSubstitutionException($"${{{body}}} is not a form this model of azd's substitution covers.");
                }

                var value = environment.TryGetValue(name, out var found) ? found : string.Empty;
                result.Append(value.Length == 0 && fallback is not null ? fallback : value);
                i = close;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    public static string TypeOf(JsonObject definition) => definition["type"]?.GetValue<string>().ToLowerInvariant() ?? string.Empty;

    private static JsonNode? Relax(string type, JsonNode? value, JsonNode? defaultValue)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            return value;
        }

        switch (type)
        {
            case "bool":
                return text switch
                {
                    "1" or "t" or "T" or "true" or "TRUE" or "True" => JsonValue.Create(true),
                    "0" or "f" or "F" or "false" or "FALSE" or "False" => JsonValue.Create(false),
                    _ => null,
                };
            case "int":
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : null;
            case "string" or "securestring":
                if (text.Length > 0)
                {
                    return value;
                }

                return defaultValue is JsonValue d && d.TryGetValue<string>(out var defaultText) && defaultText != text ? value : null;
            default:
                return value;
        }
    }

    private static string Describe(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>azd would stop before deploying: the parameters file does not survive its substitution.</summary>
internal sealed class AzdSubstitutionException(string message) : Exception(message);
