using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class MonitoringTests(CompiledTemplate compiled)
{
    [Fact]
    public void ApplicationInsights_LocalAuth_IsDisabled() =>
        TemplateAssert.IsBool(compiled.Template.Single("Microsoft.Insights/components"), "properties.DisableLocalAuth", true);

    [Fact]
    public void ApplicationInsights_SendsToTheLogAnalyticsWorkspace()
    {
        var component = compiled.Template.Single("Microsoft.Insights/components");
        Assert.Contains(
            "Microsoft.OperationalInsights/workspaces",
            component.Scope.Resolve(component.At("properties.WorkspaceResourceId")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void LogAnalytics_LocalAuth_IsDisabled() =>
        TemplateAssert.IsBool(compiled.Template.Single("Microsoft.OperationalInsights/workspaces"), "properties.features.disableLocalAuth", true);
}
