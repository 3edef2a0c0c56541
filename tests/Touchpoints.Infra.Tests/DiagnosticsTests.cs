using System.Text.Json.Nodes;
using Xunit;

namespace Touchpoints.Infra.Tests;

/// <summary>Diagnostic settings send each resource's audit and operational logs to the one Log Analytics workspace.</summary>
public sealed class DiagnosticsTests(CompiledTemplate compiled)
{
    [Theory]
    [InlineData("Microsoft.KeyVault/vaults", "category", "AuditEvent")]
    [InlineData("Microsoft.EventHub/namespaces", "categoryGroup", "allLogs")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices", "categoryGroup", "allLogs")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices", "categoryGroup", "allLogs")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices", "categoryGroup", "allLogs")]
    [InlineData("Microsoft.Web/sites", "category", "FunctionAppLogs")]
    public void Resource_SendsItsLogs_ToTheWorkspace(string scopeType, string kind, string name)
    {
        // Arrange
        var setting = Assert.Single(
            compiled.Template.Deployed("Microsoft.Insights/diagnosticSettings"),
            s => s.Json["scope"] is { } scope && s.Scope.Resolve(scope).StartsWith($"resourceId('{scopeType}',", StringComparison.Ordinal));

        // Act
        var logs = setting.At("properties.logs")?.AsArray() ?? [];
        var workspace = setting.Scope.Resolve(setting.At("properties.workspaceId"));

        // Assert
        Assert.Contains(logs, l => l?[kind]?.GetValue<string>() == name && l["enabled"]?.GetValue<bool>() == true);
        Assert.True(ArmScope.IsModuleOutput(workspace, "monitoring", "logAnalyticsResourceId"), $"{setting} sends to {workspace}.");
    }

    [Fact]
    public void EveryModuleWithDiagnostics_GetsTheWorkspace()
    {
        foreach (var module in new[] { "storage", "eventhubs", "keyvault", "api" })
        {
            var deployment = Assert.Single(compiled.Template.Root.Resources, r => r.Type == ArmTemplate.DeploymentType && r.Name == module);
            var passed = compiled.Template.Root.Resolve(deployment.At("properties.parameters.logAnalyticsWorkspaceId.value"));
            Assert.True(ArmScope.IsModuleOutput(passed, "monitoring", "logAnalyticsResourceId"), $"{module}.logAnalyticsWorkspaceId = {passed}");
        }
    }
}
