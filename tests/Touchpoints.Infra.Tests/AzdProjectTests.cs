using System.Text.Json.Nodes;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class AzdProjectTests(CompiledTemplate compiled)
{
    [Fact]
    public void ParametersFile_SetsOnlyDeclaredParameters_AndEveryRequiredOne()
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = compiled.Template.Root.Template["parameters"]!.AsObject();

        Assert.All(file, entry => Assert.True(declared.ContainsKey(entry.Key), $"main.parameters.json sets {entry.Key}, which main.bicep does not declare."));
        var required = declared.Where(static p => p.Value?["defaultValue"] is null).Select(static p => p.Key);
        Assert.All(required, name => Assert.True(file.ContainsKey(name), $"main.parameters.json does not set the required parameter {name}."));
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    public void ParametersFile_TakesAzdEnvironmentValues(string parameter, string substitution)
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "main.parameters.json")))!;
        Assert.Equal(substitution, file["parameters"]?[parameter]?["value"]?.GetValue<string>());
    }

    [Fact]
    public void AzureYaml_DeclaresTheFunctionService_AndBicepInfra()
    {
        var lines = File.ReadAllLines(RepositoryPaths.Combine("azure.yaml")).Select(static l => l.Trim()).ToList();
        Assert.Contains("api:", lines);
        Assert.Contains("project: ./functions/Touchpoints.Functions", lines);
        Assert.Contains("host: function", lines);
        Assert.Contains("language: dotnet", lines);
        Assert.Contains("provider: bicep", lines);
    }
}
