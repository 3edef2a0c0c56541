using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class EventHubsTests(CompiledTemplate compiled)
{
    private ArmResource Namespace => compiled.Template.Single("Microsoft.EventHub/namespaces");

    [Fact]
    public void Namespace_LocalAuth_IsDisabled() => TemplateAssert.IsBool(Namespace, "properties.disableLocalAuth", true);

    [Fact]
    public void Namespace_MinimumTls_Is12() => TemplateAssert.IsString(Namespace, "properties.minimumTlsVersion", "1.2");

    [Fact]
    public void Namespace_IsStandard_WithThroughputAndAutoInflateFromParameters()
    {
        TemplateAssert.IsString(Namespace, "sku.name", "Standard");
        Assert.Contains("parameters('eventHubsThroughputUnits')", Namespace.Scope.Resolve(Namespace.At("sku.capacity")), StringComparison.Ordinal);
        Assert.Contains("parameters('eventHubsAutoInflateEnabled')", Namespace.Scope.Resolve(Namespace.At("properties.isAutoInflateEnabled")), StringComparison.Ordinal);
        Assert.Contains("parameters('eventHubsMaximumThroughputUnits')", Namespace.Scope.Resolve(Namespace.At("properties.maximumThroughputUnits")), StringComparison.Ordinal);
    }

    [Fact]
    public void TouchpointsHub_Exists_WithPartitionCountFromParameter()
    {
        var hub = Assert.Single(compiled.Template.Deployed("Microsoft.EventHub/namespaces/eventhubs"));
        Assert.EndsWith("'touchpoints')", hub.ResolvedName, StringComparison.Ordinal);
        Assert.Equal("parameters('eventHubsPartitionCount')", hub.Scope.Resolve(hub.At("properties.partitionCount")));
    }

    [Fact]
    public void PipelineConsumerGroup_Exists_OnTheTouchpointsHub()
    {
        var group = Assert.Single(compiled.Template.Deployed("Microsoft.EventHub/namespaces/eventhubs/consumergroups"));
        Assert.Contains("'touchpoints'", group.ResolvedName, StringComparison.Ordinal);
        Assert.EndsWith("'pipeline')", group.ResolvedName, StringComparison.Ordinal);
    }
}
