using System.Text.Json.Nodes;
using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class BicepBuildTests(CompiledTemplate compiled)
{
    [Fact]
    public void Build_MainBicep_ExitsZeroWithoutWarnings()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.ToString());
        Assert.True(compiled.Build.DiagnosticLines.Count == 0, string.Join('\n', compiled.Build.DiagnosticLines));
    }

    [Fact]
    public void Lint_MainBicep_ExitsZeroWithoutWarnings()
    {
        Assert.True(compiled.Lint.ExitCode == 0, compiled.Lint.ToString());
        Assert.True(compiled.Lint.DiagnosticLines.Count == 0, string.Join('\n', compiled.Lint.DiagnosticLines));
    }

    [Fact]
    public void Parameters_InEveryTemplate_HaveRequiredOrOptionalDescriptions()
    {
        var scopes = new[] { compiled.Template.Root }
            .Concat(compiled.Template.Resources.Select(static r => r.NestedScope).OfType<ArmScope>());
        var offenders = new List<string>();
        foreach (var scope in scopes)
        {
            foreach (var (name, definition) in scope.Template["parameters"]?.AsObject() ?? [])
            {
                var description = definition?["metadata"]?["description"]?.GetValue<string>() ?? string.Empty;
                if (!description.StartsWith("Required.", StringComparison.Ordinal) && !description.StartsWith("Optional.", StringComparison.Ordinal))
                {
                    offenders.Add($"{scope.Name}.{name}: '{description}'");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Parameters without a Required./Optional. description:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Main_TargetsSubscription_AndCreatesTheTaggedResourceGroup()
    {
        var root = compiled.Template.Root.Template;
        Assert.Contains("subscriptionDeploymentTemplate", root["$schema"]?.GetValue<string>(), StringComparison.Ordinal);

        var group = compiled.Template.Single("Microsoft.Resources/resourceGroups");
        Assert.Contains("azd-env-name", group.Scope.Resolve(group.Json["tags"]), StringComparison.Ordinal);
        Assert.Equal(
            "toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))",
            root["variables"]?["resourceToken"]?.GetValue<string>() is { } token ? ArmExpression.Body(token) : null);
    }

    [Fact]
    public void Main_ModuleSymbols_AreTheirDeploymentNames()
    {
        // Outputs are read through a module's symbolic name; the tests match it to the deployment name ignoring case.
        var modules = compiled.Template.Root.Resources.Where(static r => r.Type == ArmTemplate.DeploymentType).ToList();
        Assert.NotEmpty(modules);
        Assert.All(modules, static m => Assert.Equal(m.Name, m.SymbolicName, ignoreCase: true));
    }

    [Fact]
    public void Main_ModuleNames_ComeFromAbbreviationsAndTheResourceToken()
    {
        var abbreviations = JsonNode.Parse(File.ReadAllText(Testing.RepositoryPaths.Combine("infra", "abbreviations.json")))!.AsObject();
        foreach (var (type, abbreviation) in new[]
        {
            ("Microsoft.Storage/storageAccounts", "storageStorageAccounts"),
            ("Microsoft.EventHub/namespaces", "eventHubNamespaces"),
            ("Microsoft.Web/sites", "webSitesFunctions"),
            ("Microsoft.Web/serverfarms", "webServerFarms"),
            ("Microsoft.ManagedIdentity/userAssignedIdentities", "managedIdentityUserAssignedIdentities"),
            ("Microsoft.KeyVault/vaults", "keyVaultVaults"),
            ("Microsoft.Insights/components", "insightsComponents"),
            ("Microsoft.OperationalInsights/workspaces", "operationalInsightsWorkspaces"),
        })
        {
            var prefix = abbreviations[abbreviation]?.GetValue<string>();
            Assert.False(string.IsNullOrEmpty(prefix), $"abbreviations.json lacks {abbreviation}.");
            var name = compiled.Template.Single(type).ResolvedName;
            Assert.Contains($"'{prefix}'", name, StringComparison.Ordinal);
            Assert.Contains("uniqueString(subscription().id, parameters('environmentName'), parameters('location'))", name, StringComparison.Ordinal);
        }
    }
}
