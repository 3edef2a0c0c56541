using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Touchpoints.Ingest;

namespace Touchpoints.Journeys;

/// <summary>
/// Loads and validates funnel definitions. The file format:
/// <code>
/// { "id": "default", "name": "...", "conversionStage": "purchase", "mode": "closed", "conversionWindow": "P30D",
///   "stages": ["awareness", "consideration", "purchase", { "name": "retention", "optional": true }, "advocacy"],
///   "rules": [ { "stage": "purchase", "event": "Order Completed" },
///              { "stage": "retention", "event": "Order Completed", "occurrence": 2 },
///              { "stage": "advocacy", "event": "Survey Answered", "property": { "name": "nps", "op": "&gt;=", "value": 9 } },
///              { "stage": "awareness", "type": "page", "channel": ["ads", "social"] } ] }
/// </code>
/// <c>event</c>, <c>type</c> and <c>channel</c> take a string or an array of strings. <c>mode</c> is <c>closed</c> (the
/// default, which keeps the meaning definitions had before modes existed) or <c>open</c>; <c>conversionWindow</c> is optional.
/// <c>surveys</c> (optional) says where NPS and CSAT answers are: <c>{ "nps": { "events": [...], "properties": ["nps"],
/// "taggedScores": ["score", "rating"] }, "csat": { ... } }</c>, each field defaulting as shown (<see cref="SurveyShape"/>).
/// </summary>
public static partial class FunnelDefinitionLoader
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Loads one file, or every <c>*.json</c> of a folder, in name order.</summary>
    /// <exception cref="FunnelDefinitionException">A definition is invalid, or two share an id.</exception>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    public static IReadOnlyList<FunnelDefinition> Load(string path)
    {
        string[] files;
        if (Directory.Exists(path))
        {
            files = Directory.GetFiles(path, "*.json");
            Array.Sort(files, StringComparer.Ordinal);
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new FileNotFoundException($"No funnel definition file or folder at '{Path.GetFullPath(path)}'.", path);
        }

        var funnels = new List<FunnelDefinition>();
        foreach (var file in files)
        {
            var funnel = Parse(File.ReadAllText(file), file);
            if (funnels.Any(f => f.Id == funnel.Id))
            {
                throw new FunnelDefinitionException(file, [$"id: '{funnel.Id}' is already defined by another file in {path}"]);
            }

            funnels.Add(funnel);
        }

        if (funnels.Count == 0)
        {
            throw new FunnelDefinitionException(path, ["the folder holds no *.json funnel definitions"]);
        }

        return funnels;
    }

    /// <summary>Parses and validates one definition.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <exception cref="FunnelDefinitionException">The definition is invalid; every problem is listed.</exception>
    public static FunnelDefinition Parse(string json, string source)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new FunnelDefinitionException(source, [$"not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FunnelDefinitionException(source, ["$: must be an object with 'id', 'stages' and 'rules'"]);
            }

            var id = GetString(root, "id", problems);
            if (id is not null && !IdPattern().IsMatch(id))
            {
                problems.Add($"id: '{id}' must be 1-63 lowercase letters, digits or '-', starting with a letter (it names tables rows and blobs)");
            }

            var name = root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString()! : id ?? string.Empty;

            var stages = new List<string>();
            var optional = new List<bool>();
            if (!root.TryGetProperty("stages", out var stagesElement) || stagesElement.ValueKind != JsonValueKind.Array || stagesElement.GetArrayLength() == 0)
            {
                problems.Add("stages: must be a non-empty array of stage names or { \"name\", \"optional\" } objects");
            }
            else
            {
                var index = 0;
                foreach (var stage in stagesElement.EnumerateArray())
                {
                    var (stageName, isOptional) = ParseStage(stage, $"stages[{index}]", problems);
                    if (stageName is null)
                    {
                        // ParseStage named the problem.
                    }
                    else if (stages.Contains(stageName, StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add($"stages[{index}]: duplicate stage '{stageName}'");
                    }
                    else
                    {
                        stages.Add(stageName);
                        optional.Add(isOptional);
                    }

                    index++;
                }

                if (stages.Count > FunnelDefinition.MaxStages)
                {
                    problems.Add($"stages: {stages.Count} stages; the limit is {FunnelDefinition.MaxStages}");
                }

                if (stages.Count > 0 && optional.All(static o => o))
                {
                    problems.Add("stages: every stage is optional; at least one must be required");
                }
            }

            var mode = ParseMode(root, problems);
            var window = ParseWindow(root, problems);
            var (nps, csat) = ParseSurveys(root, problems);

            var conversionName = root.TryGetProperty("conversionStage", out var conversionElement) && conversionElement.ValueKind == JsonValueKind.String
                ? conversionElement.GetString()!
                : "purchase";
            var conversion = stages.FindIndex(s => string.Equals(s, conversionName, StringComparison.OrdinalIgnoreCase));
            if (conversion < 0 && stages.Count > 0)
            {
                if (conversionElement.ValueKind == JsonValueKind.String)
                {
                    problems.Add($"conversionStage: unknown stage '{conversionName}'; the stages are {string.Join(", ", stages)}");
                }
                else
                {
                    // A funnel without a 'purchase' stage converts at its last stage unless it says otherwise.
                    conversion = stages.Count - 1;
                }
            }

            if (conversion >= 0 && conversion < optional.Count && optional[conversion])
            {
                problems.Add($"stages[{conversion}]: the conversion stage '{stages[conversion]}' cannot be optional");
            }

            var rules = new List<StageRule>();
            if (!root.TryGetProperty("rules", out var rulesElement) || rulesElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add("rules: must be an array of rules");
            }
            else
            {
                var index = 0;
                foreach (var ruleElement in rulesElement.EnumerateArray())
                {
                    var rule = ParseRule(ruleElement, $"rules[{index}]", stages, problems);
                    if (rule is not null)
                    {
                        rules.Add(rule);
                    }

                    index++;
                }
            }

            if (problems.Count == 0)
            {
                CheckRecordSize(id!, stages, rules, problems);
            }

            if (problems.Count > 0)
            {
                throw new FunnelDefinitionException(source, problems);
            }

            var shape = new FunnelShape(mode, optional, window, nps, csat);
            return new FunnelDefinition(id!, name, stages, conversion, rules, CanonicalHash(id!, stages, conversion, rulesElement, shape), shape);
        }
    }

    // Every journey of the funnel must fit a journey row whatever touchpoints arrive: the stages and the fixed histories
    // are bounded, and each event counted by occurrence keeps up to its largest occurrence less one. Rules are added in
    // file order, so the problem names the rule whose occurrence first pushes the worst case over.
    private static void CheckRecordSize(string id, List<string> stages, List<StageRule> rules, List<string> problems)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Occurrence is not int occurrence)
            {
                continue;
            }

            var eventName = rules[i].Events[0];
            var key = FunnelDefinition.EventKey(eventName);
            ranks[key] = Math.Max(occurrence, ranks.GetValueOrDefault(key));
            var worst = JourneyRecordBounds.WorstCaseBytes(id, stages.Count, ranks);
            if (worst > JourneyRecordBounds.MaxStoredBytes)
            {
                problems.Add(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"rules[{i}] (stage '{stages[rules[i].Stage]}'): with occurrence {occurrence} of '{eventName}' a journey record can take {worst:N0} bytes in the worst case " +
                    $"({ranks.Count} events counted by occurrence keep up to {ranks.Values.Sum() - ranks.Count} occurrences of {JourneyRecordBounds.MarkBytes + 1} bytes), " +
                    $"over the {JourneyRecordBounds.MaxStoredBytes:N0} bytes a journey row holds; lower the occurrences or count fewer events by occurrence"));
                return;
            }
        }
    }

    private static (string? Name, bool Optional) ParseStage(JsonElement stage, string path, List<string> problems)
    {
        string? stageName;
        var isOptional = false;
        if (stage.ValueKind == JsonValueKind.Object)
        {
            stageName = stage.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
            foreach (var property in stage.EnumerateObject())
            {
                if (property.Name is not ("name" or "optional" or "description"))
                {
                    problems.Add($"{path}: unknown field '{property.Name}'; a stage object has name, optional and description");
                }
            }

            if (stage.TryGetProperty("optional", out var optionalElement))
            {
                if (optionalElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    isOptional = optionalElement.GetBoolean();
                }
                else
                {
                    problems.Add($"{path}: optional must be true or false");
                }
            }
        }
        else
        {
            stageName = stage.ValueKind == JsonValueKind.String ? stage.GetString() : null;
        }

        if (string.IsNullOrWhiteSpace(stageName) || !StageNamePattern().IsMatch(stageName))
        {
            problems.Add($"{path}: must be a name of letters, digits, '-' or '_' (or an object whose name is)");
            return (null, false);
        }

        return (stageName, isOptional);
    }

    private static FunnelMode ParseMode(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("mode", out var element))
        {
            return FunnelMode.Closed;
        }

        switch (element.ValueKind == JsonValueKind.String ? element.GetString() : null)
        {
            case "closed":
                return FunnelMode.Closed;
            case "open":
                return FunnelMode.Open;
            default:
                problems.Add("mode: must be \"closed\" (a stage counts only after the stages before it; skipped stages are implied) or \"open\" (entry at any stage)");
                return FunnelMode.Closed;
        }
    }

    private static (SurveyShape? Nps, SurveyShape? Csat) ParseSurveys(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("surveys", out var element))
        {
            return (null, null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add("surveys: must be an object with \"nps\" and/or \"csat\"");
            return (null, null);
        }

        SurveyShape? nps = null, csat = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "nps":
                    nps = ParseSurvey(property.Value, SurveyShape.DefaultNps, problems);
                    break;
                case "csat":
                    csat = ParseSurvey(property.Value, SurveyShape.DefaultCsat, problems);
                    break;
                default:
                    problems.Add($"surveys: unknown survey '{property.Name}'; the kinds are nps and csat");
                    break;
            }
        }

        return (nps, csat);
    }

    private static SurveyShape? ParseSurvey(JsonElement element, SurveyShape defaults, List<string> problems)
    {
        var label = $"surveys.{defaults.Name}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{label}: must be an object with events, properties and/or taggedScores");
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("events" or "properties" or "taggedScores" or "description"))
            {
                problems.Add($"{label}: unknown field '{property.Name}'; a survey has events, properties and taggedScores");
            }
        }

        var before = problems.Count;
        var events = GetStrings(element, "events", label, problems);
        var properties = element.TryGetProperty("properties", out _) ? GetStrings(element, "properties", label, problems) : [.. defaults.Properties];
        var tagged = element.TryGetProperty("taggedScores", out _) ? GetStrings(element, "taggedScores", label, problems) : [.. defaults.TaggedScores];
        return problems.Count == before ? new SurveyShape(defaults.Kind, events, properties, tagged) : null;
    }

    private static TimeSpan? ParseWindow(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("conversionWindow", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add("conversionWindow: must be an ISO 8601 duration string such as \"P30D\"");
            return null;
        }

        if (!ConversionWindow.TryParse(element.GetString()!, out var window, out var problem))
        {
            problems.Add($"conversionWindow: {problem}");
            return null;
        }

        return window;
    }

    private static StageRule? ParseRule(JsonElement rule, string path, List<string> stages, List<string> problems)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: must be an object");
            return null;
        }

        var before = problems.Count;
        var stageName = GetString(rule, "stage", problems, path);
        var label = stageName is null ? path : $"{path} (stage '{stageName}')";
        var stage = stageName is null ? -1 : stages.FindIndex(s => string.Equals(s, stageName, StringComparison.OrdinalIgnoreCase));
        if (stageName is not null && stage < 0)
        {
            problems.Add($"{label}: unknown stage '{stageName}'; the stages are {string.Join(", ", stages)}");
        }

        foreach (var property in rule.EnumerateObject())
        {
            if (property.Name is not ("stage" or "event" or "type" or "channel" or "property" or "occurrence" or "description"))
            {
                problems.Add($"{label}: unknown field '{property.Name}'");
            }
        }

        var events = GetStrings(rule, "event", label, problems);
        var typeNames = GetStrings(rule, "type", label, problems);
        var types = new List<TouchpointType>();
        foreach (var typeName in typeNames)
        {
            if (Enum.TryParse<TouchpointType>(typeName, ignoreCase: true, out var type) && Enum.IsDefined(type) && !int.TryParse(typeName, out _))
            {
                types.Add(type);
            }
            else
            {
                problems.Add($"{label}: type '{typeName}' is not one of track, page, screen, identify, alias, group");
            }
        }

        var channels = GetStrings(rule, "channel", label, problems);
        foreach (var channel in channels)
        {
            if (!Channels.All.Contains(channel, StringComparer.Ordinal))
            {
                problems.Add($"{label}: channel '{channel}' is not one of {string.Join(", ", Channels.All)}");
            }
        }

        PropertyCondition? condition = null;
        if (rule.TryGetProperty("property", out var propertyElement))
        {
            condition = ParseCondition(propertyElement, label, problems);
        }

        int? occurrence = null;
        if (rule.TryGetProperty("occurrence", out var occurrenceElement))
        {
            if (occurrenceElement.ValueKind != JsonValueKind.Number || !occurrenceElement.TryGetInt32(out var n) || n < 1 || n > 100)
            {
                problems.Add($"{label}: occurrence must be a whole number from 1 to 100");
            }
            else if (events.Count != 1 || channels.Count > 0 || condition is not null)
            {
                problems.Add($"{label}: a rule with an occurrence names exactly one event and no channel or property");
            }
            else
            {
                occurrence = n;
            }
        }

        if (events.Count == 0 && types.Count == 0 && channels.Count == 0 && condition is null && problems.Count == before)
        {
            problems.Add($"{label}: has no match condition; name at least one of event, type, channel or property");
        }

        return problems.Count == before ? new StageRule(stage, events, types, channels, condition, occurrence) : null;
    }

    private static PropertyCondition? ParseCondition(JsonElement element, string label, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{label}: property must be an object {{ \"name\", \"op\", \"value\" }}");
            return null;
        }

        var name = element.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{label}: property.name is required");
            return null;
        }

        // "properties.score" and "score" name the same property.
        if (name.StartsWith("properties.", StringComparison.Ordinal))
        {
            name = name["properties.".Length..];
        }

        var op = element.TryGetProperty("op", out var opElement) && opElement.ValueKind == JsonValueKind.String ? opElement.GetString()! : "==";
        if (!PropertyCondition.Operators.Contains(op, StringComparer.Ordinal))
        {
            problems.Add($"{label}: property.op '{op}' is not one of {string.Join(" ", PropertyCondition.Operators)}");
            return null;
        }

        element.TryGetProperty("value", out var value);
        if (op != "exists" && value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add($"{label}: property.value must be a number, string or boolean for op '{op}'");
            return null;
        }

        if (op is ">" or ">=" or "<" or "<=" && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            problems.Add($"{label}: property.op '{op}' does not apply to a boolean");
            return null;
        }

        return new PropertyCondition(name, op, value);
    }

    private static List<string> GetStrings(JsonElement obj, string name, string label, List<string> problems)
    {
        var result = new List<string>();
        if (!obj.TryGetProperty(name, out var value))
        {
            return result;
        }

        if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            result.Add(value.GetString()!);
        }
        else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            && value.EnumerateArray().All(static e => e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString())))
        {
            result.AddRange(value.EnumerateArray().Select(static e => e.GetString()!));
        }
        else
        {
            problems.Add($"{label}: {name} must be a non-empty string or array of strings");
        }

        return result;
    }

    private static string? GetString(JsonElement obj, string name, List<string> problems, string? path = null)
    {
        if (obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }

        problems.Add($"{(path is null ? name : $"{path}.{name}")}: is required (a non-empty string)");
        return null;
    }

    // What is not written (closed mode, no optional stage, no window) is the default, so today's definitions keep their hash.
    private static string CanonicalHash(string id, List<string> stages, int conversion, JsonElement rules, FunnelShape shape)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteStartArray("stages");
            foreach (var stage in stages)
            {
                writer.WriteStringValue(stage);
            }

            writer.WriteEndArray();
            writer.WriteNumber("conversionStage", conversion);
            if (shape.Mode != FunnelMode.Closed)
            {
                writer.WriteString("mode", "open");
            }

            if (shape.Optional.Any(static o => o))
            {
                writer.WriteStartArray("optional");
                for (var i = 0; i < shape.Optional.Count; i++)
                {
                    if (shape.Optional[i])
                    {
                        writer.WriteNumberValue(i);
                    }
                }

                writer.WriteEndArray();
            }

            if (shape.Window is { } window)
            {
                writer.WriteString("conversionWindow", ConversionWindow.Canonical(window));
            }

            if (shape.Nps is { IsDefault: false } || shape.Csat is { IsDefault: false })
            {
                writer.WriteStartObject("surveys");
                foreach (var survey in new[] { shape.Nps, shape.Csat })
                {
                    if (survey is { IsDefault: false })
                    {
                        writer.WriteStartObject(survey.Name);
                        WriteStrings(writer, "events", survey.Events);
                        WriteStrings(writer, "properties", survey.Properties);
                        WriteStrings(writer, "taggedScores", survey.TaggedScores);
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndObject();
            }

            writer.WritePropertyName("rules");
            rules.WriteTo(writer);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StageNamePattern();
}
