using System.Text.Json.Nodes;
using Xunit;

namespace Touchpoints.Infra.Tests;

/// <summary>What keeps data recoverable: hub retention and partitions, blob lifecycle rules, Key Vault protection.</summary>
public sealed class DurabilityTests(CompiledTemplate compiled)
{
    private ArmScope Root => compiled.Template.Root;

    [Fact]
    public void TouchpointsHub_KeepsEventsSevenDaysByDefault()
    {
        var hub = compiled.Template.Single("Microsoft.EventHub/namespaces/eventhubs");

        Assert.Equal("parameters('eventHubsMessageRetentionInDays')", hub.Scope.Resolve(hub.At("properties.messageRetentionInDays")));
        Assert.Equal(7, Root.ParameterDefinition("eventHubsMessageRetentionInDays")?["defaultValue"]?.GetValue<int>());
        Assert.Equal(7, Root.ParameterDefinition("eventHubsMessageRetentionInDays")?["maxValue"]?.GetValue<int>());
    }

    [Fact]
    public void TouchpointsHub_PartitionCount_IsChosenBeforeTheFirstDeploy()
    {
        var definition = Root.ParameterDefinition("eventHubsPartitionCount");

        Assert.Equal(8, definition?["defaultValue"]?.GetValue<int>());
        Assert.Contains("Fixed at the first deployment", definition?["metadata"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeadLetters_AreDeletedAfterTheRetentionParameter_Default30Days()
    {
        var rule = Rule("deadletter");

        Assert.Equal("parameters('deadLetterRetentionDays')", Resolve(rule, "definition.actions.baseBlob.delete.daysAfterModificationGreaterThan"));
        Assert.Equal(["blockBlob"], rule["definition"]?["filters"]?["blobTypes"]?.AsArray().Select(static t => t?.GetValue<string>()));
        Assert.Null(rule["definition"]?["actions"]?["baseBlob"]?["tierToCool"]);
        Assert.Equal(30, Root.ParameterDefinition("deadLetterRetentionDays")?["defaultValue"]?.GetValue<int>());
        Assert.Equal(1, Root.ParameterDefinition("deadLetterRetentionDays")?["minValue"]?.GetValue<int>());
    }

    [Fact]
    public void Snapshots_Cool_AndAreNeverDeletedByTheLifecycle()
    {
        var rule = Rule("snapshots");

        Assert.Equal("parameters('snapshotCoolAfterDays')", Resolve(rule, "definition.actions.baseBlob.tierToCool.daysAfterModificationGreaterThan"));
        Assert.Null(rule["definition"]?["actions"]?["baseBlob"]?["delete"]);
    }

    [Fact]
    public void KeyVault_PurgeProtectionAndSoftDeleteDays_AreDeploymentParameters()
    {
        var vault = compiled.Template.Single("Microsoft.KeyVault/vaults");

        Assert.Equal("if(parameters('keyVaultEnablePurgeProtection'), true(), null())", vault.Scope.Resolve(vault.At("properties.enablePurgeProtection")));
        Assert.Equal("parameters('keyVaultSoftDeleteRetentionInDays')", vault.Scope.Resolve(vault.At("properties.softDeleteRetentionInDays")));
        Assert.Equal(90, Root.ParameterDefinition("keyVaultSoftDeleteRetentionInDays")?["maxValue"]?.GetValue<int>());
    }

    private ArmResource Policy => compiled.Template.Single("Microsoft.Storage/storageAccounts/managementPolicies");

    // The rule whose prefix is the container's.
    private JsonObject Rule(string container)
    {
        var policy = Policy;
        var rules = policy.At("properties.policy.rules")?.AsArray() ?? [];
        return Assert.Single(
            rules.OfType<JsonObject>(),
            r => policy.Scope.Resolve(r["definition"]?["filters"]?["prefixMatch"]?[0]) == $"format('{{0}}/', '{container}')");
    }

    private string Resolve(JsonObject rule, string path)
    {
        JsonNode? node = rule;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return Policy.Scope.Resolve(node);
    }
}
