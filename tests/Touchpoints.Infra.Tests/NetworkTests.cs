using System.Text.Json.Nodes;
using Xunit;

namespace Touchpoints.Infra.Tests;

/// <summary>Private network mode: one parameter, off by default; a delegated subnet, five private endpoints, public access off.</summary>
public sealed class NetworkTests(CompiledTemplate compiled)
{
    private const string PrivateMode = "parameters('privateNetworking')";

    [Fact]
    public void PrivateNetworking_IsOneParameter_OffByDefault()
    {
        var definition = compiled.Template.Root.ParameterDefinition("privateNetworking");

        Assert.Equal("bool", definition?["type"]?.GetValue<string>());
        Assert.False(definition?["defaultValue"]?.GetValue<bool>() ?? true);
    }

    [Fact]
    public void NetworkModule_IsDeployedOnlyInPrivateMode()
    {
        var network = Assert.Single(compiled.Template.Root.Resources, static r => r.Type == ArmTemplate.DeploymentType && r.Name == "network");

        Assert.Equal(PrivateMode, compiled.Template.Root.Resolve(network.Json["condition"]));
    }

    [Fact]
    public void AppSubnet_IsDelegatedToFlexConsumption()
    {
        var network = compiled.Template.Single("Microsoft.Network/virtualNetworks");
        var subnets = network.At("properties.subnets")?.AsArray() ?? [];
        var app = Assert.Single(subnets, static s => s?["name"]?.GetValue<string>() == "app");

        Assert.Equal("Microsoft.App/environments", app?["properties"]?["delegations"]?[0]?["properties"]?["serviceName"]?.GetValue<string>());
        Assert.Contains(subnets, static s => s?["name"]?.GetValue<string>() == "private-endpoints");
    }

    [Theory]
    [InlineData("blob", "privatelink.blob.", "Microsoft.Storage/storageAccounts")]
    [InlineData("queue", "privatelink.queue.", "Microsoft.Storage/storageAccounts")]
    [InlineData("table", "privatelink.table.", "Microsoft.Storage/storageAccounts")]
    [InlineData("namespace", "privatelink.servicebus.windows.net", "Microsoft.EventHub/namespaces")]
    [InlineData("vault", "privatelink.vaultcore.azure.net", "Microsoft.KeyVault/vaults")]
    public void PrivateEndpoint_ReachesTheService_WithItsPrivateDnsZone(string groupId, string zone, string target)
    {
        var endpoint = compiled.Template.Single("Microsoft.Network/privateEndpoints");
        var endpoints = endpoint.Scope.Template["variables"]?["endpoints"]?.AsArray() ?? [];
        var entry = Assert.Single(endpoints, e => e?["groupId"]?.GetValue<string>() == groupId);
        Assert.Contains(zone, endpoint.Scope.Resolve(entry?["zone"]), StringComparison.Ordinal);

        // The endpoint's target is chosen by groupId; evaluate that choice for this entry.
        var connection = endpoint.At("properties.privateLinkServiceConnections")?[0]?["properties"];
        Assert.Equal("[variables('endpoints')[copyIndex()].groupId]", connection?["groupIds"]?[0]?.GetValue<string>());
        var choice = endpoint.Scope.Resolve(connection?["privateLinkServiceId"]);
        Assert.Equal(target, TargetOf(choice, groupId));
        Assert.Contains("'private-endpoints'", endpoint.Scope.Resolve(endpoint.At("properties.subnet.id")), StringComparison.Ordinal);

        Assert.Single(compiled.Template.Deployed("Microsoft.Network/privateEndpoints/privateDnsZoneGroups"));
        Assert.Single(compiled.Template.Deployed("Microsoft.Network/privateDnsZones/virtualNetworkLinks"));
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", "properties.networkAcls.defaultAction")]
    [InlineData("Microsoft.EventHub/namespaces", null)]
    [InlineData("Microsoft.KeyVault/vaults", "properties.networkAcls.defaultAction")]
    public void PublicNetworkAccess_IsOffInPrivateMode(string type, string? defaultActionPath)
    {
        var resource = compiled.Template.Single(type);

        Assert.Equal($"if(not({PrivateMode}), 'Enabled', 'Disabled')", resource.Scope.Resolve(resource.At("properties.publicNetworkAccess")));
        if (defaultActionPath is not null)
        {
            Assert.Equal($"if(not({PrivateMode}), 'Allow', 'Deny')", resource.Scope.Resolve(resource.At(defaultActionPath)));
        }
    }

    [Fact]
    public void Site_JoinsTheAppSubnet_InPrivateMode()
    {
        var site = compiled.Template.Single("Microsoft.Web/sites");
        Assert.Equal(
            "if(empty(parameters('virtualNetworkSubnetId')), null(), parameters('virtualNetworkSubnetId'))",
            ArmExpression.Body(site.At("properties.virtualNetworkSubnetId")!.GetValue<string>()));

        var api = Assert.Single(compiled.Template.Root.Resources, static r => r.Type == ArmTemplate.DeploymentType && r.Name == "api");
        var passed = compiled.Template.Root.Resolve(api.At("properties.parameters.virtualNetworkSubnetId"));
        Assert.Equal($"if({PrivateMode}, createObject('value', reference('network').outputs.appSubnetId.value), createObject('value', ''))", passed);
    }

    // Evaluates if(equals(<groupId>, 'x'), A, if(equals(<groupId>, 'y'), B, C)) for one groupId, returning the resource type chosen.
    private static string TargetOf(string choice, string groupId)
    {
        while (ArmExpression.TryParseCall(choice, out var function, out var arguments) && function == "if")
        {
            var tested = ArmExpression.TryParseCall(arguments[0], out _, out var comparison) ? ArmExpression.Unquote(comparison[1]) : null;
            choice = tested == groupId ? arguments[1] : arguments[2];
        }

        return ArmExpression.TryParseCall(choice, out var call, out var parts) && call == "resourceId"
            ? ArmExpression.Unquote(parts[0]) ?? choice
            : choice;
    }
}
