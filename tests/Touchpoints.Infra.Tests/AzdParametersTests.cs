using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Infra.Tests;

/// <summary>
/// <c>main.parameters.json</c> after azd's substitution (<see cref="AzdParameterSubstitution"/>) with the values azd and a
/// deployer set, bound to the compiled template's parameter types: what <c>azd up</c> would hand to Resource Manager.
/// </summary>
public sealed partial class AzdParametersTests(CompiledTemplate compiled)
{
    // A write key may hold anything JSON can carry: quotes, backslashes, a dollar sign, non-ASCII.
    private const string WriteKeysJson = """{"web":"k3y\"with\\quotes$HOME","crm":"Ä9f0c2e1b7","pixel":"0123456789abcdef"}""";

    private static readonly Dictionary<string, string> AzdOnly = new(StringComparer.Ordinal)
    {
        ["AZURE_ENV_NAME"] = "touchpoints-dev",
        ["AZURE_LOCATION"] = "eastus2",
        ["AZURE_SUBSCRIPTION_ID"] = "6f1c2a0e-6b1d-4a8e-9a53-0c1c4f0f7d11",
        ["AZURE_PRINCIPAL_ID"] = "3b5e7f0a-2c4d-4e6f-8a9b-0c1d2e3f4a5b",
    };

    private static readonly Dictionary<string, string> ProductionCi = new(AzdOnly, StringComparer.Ordinal)
    {
        ["AZURE_ENV_NAME"] = "touchpoints-prod",
        ["AZURE_PRINCIPAL_TYPE"] = "ServicePrincipal",
        ["TOUCHPOINTS_WRITE_KEYS"] = WriteKeysJson,
        ["TOUCHPOINTS_PRODUCER_PRINCIPAL_ID"] = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        ["TOUCHPOINTS_CORS_ORIGINS"] = """["https://www.example.com","https://shop.example.com"]""",
        ["TOUCHPOINTS_PIXEL_REQUIRES_WRITE_KEY"] = "true",
        ["TOUCHPOINTS_BUCKET_COUNT"] = "32",
        ["TOUCHPOINTS_SNAPSHOT_TIME_ZONE"] = "Europe/Berlin",
        ["TOUCHPOINTS_HTTP_ALWAYS_READY"] = "2",
        ["TOUCHPOINTS_EVENTHUBS_PARTITIONS"] = "16",
        ["TOUCHPOINTS_EVENTHUBS_RETENTION_DAYS"] = "7",
        ["TOUCHPOINTS_DEADLETTER_RETENTION_DAYS"] = "730",
        ["TOUCHPOINTS_KEY_VAULT_PURGE_PROTECTION"] = "true",
        ["TOUCHPOINTS_KEY_VAULT_SOFT_DELETE_DAYS"] = "90",
        ["TOUCHPOINTS_PRIVATE_NETWORKING"] = "true",
    };

    private JsonObject TemplateParameters => compiled.Template.Root.Template["parameters"]!.AsObject();

    private static JsonObject ParametersFile => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "main.parameters.json")))!.AsObject();

    [Fact]
    public void ParametersFile_WithAProductionCiEnvironment_BindsToEveryParameterType()
    {
        // Act
        var values = AzdParameterSubstitution.Resolve(ParametersFile, TemplateParameters, ProductionCi);

        // Assert
        AssertBinds(values);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(WriteKeysJson), values["writeKeys"]), $"writeKeys = {values["writeKeys"]?.ToJsonString()}");
        Assert.Equal("ServicePrincipal", values["principalType"]?.GetValue<string>());
        Assert.Equal(["https://www.example.com", "https://shop.example.com"], values["corsOrigins"]!.AsArray().Select(static o => o!.GetValue<string>()));
        Assert.True(values["privateNetworking"]!.GetValue<bool>());
        Assert.Equal(2, values["httpAlwaysReadyInstanceCount"]!.GetValue<long>());
        Assert.Equal(32, values["bucketCount"]!.GetValue<long>());
        Assert.Equal("Europe/Berlin", values["snapshotTimeZone"]!.GetValue<string>());
        Assert.Equal(90, values["keyVaultSoftDeleteRetentionInDays"]!.GetValue<long>());
    }

    [Fact]
    public void ParametersFile_WithOnlyWhatAzdSets_BindsAndTakesTheSafeDefaults()
    {
        // Act
        var values = AzdParameterSubstitution.Resolve(ParametersFile, TemplateParameters, AzdOnly);

        // Assert
        AssertBinds(values);
        Assert.Equal("User", values["principalType"]?.GetValue<string>());
        Assert.False(values.ContainsKey("writeKeys"), "Unset write keys must leave the template default ({}), which refuses every ingest request.");
        Assert.Empty(TemplateParameters["writeKeys"]!["defaultValue"]!.AsObject());
        Assert.Empty(values["corsOrigins"]!.AsArray());
        Assert.True(values["pixelRequiresWriteKey"]!.GetValue<bool>());
        Assert.False(values["privateNetworking"]!.GetValue<bool>());
        Assert.False(values.ContainsKey("eventHubsProducerPrincipalId"), "An unset producer must leave the template default, not pass an empty principal.");
    }

    [Fact]
    public void ParametersFile_DefaultsAfterTheEqualsSign_AreTheTemplateDefaults()
    {
        // Arrange: every ${NAME=default}, resolved with nothing set
        var file = ParametersFile["parameters"]!.AsObject();
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        var withDefaults = file.Where(static p => DefaultForm().IsMatch(p.Value?["value"]?.ToJsonString() ?? string.Empty)).Select(static p => p.Key).ToList();
        Assert.NotEmpty(withDefaults);

        // Act
        var values = AzdParameterSubstitution.Resolve(ParametersFile, TemplateParameters, empty);

        // Assert: a default written twice must say the same thing twice (a null default passes nothing, leaving the template's)
        foreach (var name in withDefaults)
        {
            var templateDefault = TemplateParameters[name]?["defaultValue"];
            Assert.True(
                JsonNode.DeepEquals(templateDefault, values.TryGetValue(name, out var value) ? value : templateDefault),
                $"main.parameters.json defaults {name} to {value?.ToJsonString()}, main.bicep to {templateDefault?.ToJsonString()}.");
        }
    }

    [Fact]
    public void ParametersFile_EveryOptionalParameterIsSubstitutedWithADefaultOrLeftToTheTemplate()
    {
        // An object or array parameter fed by an unset variable would be parsed from an empty string and fail the provision.
        foreach (var (name, entry) in ParametersFile["parameters"]!.AsObject())
        {
            var type = AzdParameterSubstitution.TypeOf(TemplateParameters[name]!.AsObject());
            var text = entry?["value"]?.GetValue<string>() ?? string.Empty;
            if (type is "object" or "secureobject" or "array" or "bool" or "int")
            {
                Assert.Matches(DefaultForm(), text);
            }
        }
    }

    [Fact]
    public void StringParameter_CarryingAJsonValue_FailsAzdSubstitution()
    {
        // Arrange: the shape main.parameters.json had when writeKeys was a string (the bug this file's object type fixes)
        var file = JsonNode.Parse("""{"parameters":{"writeKeys":{"value":"${TOUCHPOINTS_WRITE_KEYS}"}}}""")!.AsObject();
        var template = JsonNode.Parse("""{"writeKeys":{"type":"securestring","defaultValue":""}}""")!.AsObject();

        // Act
        var error = Assert.Throws<AzdSubstitutionException>(() => AzdParameterSubstitution.Resolve(file, template, ProductionCi));

        // Assert
        Assert.Contains("writeKeys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectParameter_FedByAnUnsetVariableWithoutDefault_FailsAzdSubstitution()
    {
        // Arrange
        var file = JsonNode.Parse("""{"parameters":{"writeKeys":{"value":"${TOUCHPOINTS_WRITE_KEYS}"}}}""")!.AsObject();

        // Act and assert
        Assert.Throws<AzdSubstitutionException>(() => AzdParameterSubstitution.Resolve(file, TemplateParameters, AzdOnly));
    }

    [Theory]
    [InlineData("${A}", "a")]
    [InlineData("${A}-${B}", "a-")]
    [InlineData("$A and $$ and \\\\", "$A and $ and \\")]
    [InlineData("${B=fallback}", "fallback")]
    [InlineData("${B:-fallback}", "fallback")]
    [InlineData("${A=fallback}", "a")]
    [InlineData("${EMPTY=fallback}", "fallback")]
    [InlineData("${B=[]}", "[]")]
    [InlineData("${B={}}", "{}")]
    [InlineData("${A={}}", "a}")]
    [InlineData("cost: 5$", "cost: 5$")]
    public void Substitute_FollowsDroneEnvsubst(string text, string expected)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["A"] = "a", ["EMPTY"] = string.Empty };

        Assert.Equal(expected, AzdParameterSubstitution.Substitute(text, environment));
    }

    [Fact]
    public void Bind_WhenValuesBreakTheTemplateRules_ReportsEach()
    {
        var parameters = TemplateParameters;

        Assert.NotEmpty(AzdParameterSubstitution.Bind("principalType", parameters["principalType"]!.AsObject(), JsonValue.Create("Robot")));
        Assert.NotEmpty(AzdParameterSubstitution.Bind("bucketCount", parameters["bucketCount"]!.AsObject(), JsonValue.Create(2048)));
        Assert.NotEmpty(AzdParameterSubstitution.Bind("writeKeys", parameters["writeKeys"]!.AsObject(), JsonValue.Create("{}")));
        Assert.NotEmpty(AzdParameterSubstitution.Bind("corsOrigins", parameters["corsOrigins"]!.AsObject(), JsonNode.Parse("[1]")));
        Assert.NotEmpty(AzdParameterSubstitution.Bind("environmentName", parameters["environmentName"]!.AsObject(), JsonValue.Create(string.Empty)));
    }

    private void AssertBinds(Dictionary<string, JsonNode?> values)
    {
        var parameters = TemplateParameters;
        var problems = values.SelectMany(v => AzdParameterSubstitution.Bind(v.Key, parameters[v.Key]!.AsObject(), v.Value)).ToList();
        var missing = parameters.Where(p => p.Value?["defaultValue"] is null && !values.ContainsKey(p.Key)).Select(static p => $"{p.Key}: required, not set.");
        problems.AddRange(missing);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [GeneratedRegex(@"^""?\$\{[A-Z0-9_]+=[^}$]*\}*""?$")]
    private static partial Regex DefaultForm();
}
