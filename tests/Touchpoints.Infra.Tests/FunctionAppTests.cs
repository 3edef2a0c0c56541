using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class FunctionAppTests(CompiledTemplate compiled)
{
    private ArmResource Site => compiled.Template.Single("Microsoft.Web/sites");

    [Fact]
    public void Plan_IsFlexConsumption()
    {
        var plan = compiled.Template.Single("Microsoft.Web/serverfarms");
        TemplateAssert.IsString(plan, "sku.name", "FC1");
        TemplateAssert.IsString(plan, "sku.tier", "FlexConsumption");
        TemplateAssert.IsBool(plan, "properties.reserved", true);
        Assert.Contains("Microsoft.Web/serverfarms", Site.Scope.Resolve(Site.At("properties.serverFarmId")), StringComparison.Ordinal);
    }

    [Fact]
    public void Site_Runtime_IsDotnetIsolated10()
    {
        TemplateAssert.IsString(Site, "kind", "functionapp,linux");
        TemplateAssert.IsString(Site, "properties.functionAppConfig.runtime.name", "dotnet-isolated");
        TemplateAssert.IsString(Site, "properties.functionAppConfig.runtime.version", "10.0");
    }

    [Fact]
    public void Site_Scale_ComesFromParameters()
    {
        Assert.Equal("parameters('maximumInstanceCount')", Site.Scope.Resolve(Site.At("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount")));
        Assert.Equal("parameters('instanceMemoryMB')", Site.Scope.Resolve(Site.At("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB")));
    }

    [Fact]
    public void Site_HttpFunctions_KeepTheConfiguredInstancesWarm_NoneByDefault()
    {
        Assert.Equal(
            "if(greater(parameters('httpAlwaysReadyInstanceCount'), 0), createArray(createObject('name', 'http', 'instanceCount', parameters('httpAlwaysReadyInstanceCount'))), createArray())",
            Site.Scope.Resolve(Site.At("properties.functionAppConfig.scaleAndConcurrency.alwaysReady")));
        Assert.Equal(0, compiled.Template.Root.ParameterDefinition("httpAlwaysReadyInstanceCount")?["defaultValue"]?.GetValue<int>());
    }

    [Fact]
    public void Site_DeploymentStorage_IsABlobContainerReachedWithTheUserAssignedIdentity()
    {
        TemplateAssert.IsString(Site, "properties.functionAppConfig.deployment.storage.type", "blobContainer");
        TemplateAssert.IsString(Site, "properties.functionAppConfig.deployment.storage.authentication.type", "UserAssignedIdentity");
        Assert.Contains(
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            Site.Scope.Resolve(Site.At("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId")),
            StringComparison.Ordinal);
        var container = Site.Scope.Resolve(Site.At("properties.functionAppConfig.deployment.storage.value"));
        Assert.StartsWith("format('{0}{1}', reference('storage').primaryEndpoints.blob, ", container, StringComparison.Ordinal);
        Assert.True(ArmScope.IsModuleOutput(container["format('{0}{1}', reference('storage').primaryEndpoints.blob, ".Length..^1], "storage", "deploymentContainerName"), container);
    }

    [Fact]
    public void Site_RunsAsTheUserAssignedIdentity_AndResolvesKeyVaultReferencesWithIt()
    {
        TemplateAssert.IsString(Site, "identity.type", "UserAssigned");
        var identities = Site.At("identity.userAssignedIdentities")?.AsObject();
        var identity = Assert.Single(identities ?? []);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", identity.Key, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", Site.Scope.Resolve(Site.At("properties.keyVaultReferenceIdentity")), StringComparison.Ordinal);
    }

    [Fact]
    public void Site_HttpsOnly_AndTls12()
    {
        TemplateAssert.IsBool(Site, "properties.httpsOnly", true);
        TemplateAssert.IsString(Site, "properties.siteConfig.minTlsVersion", "1.2");
        TemplateAssert.IsString(Site, "properties.siteConfig.ftpsState", "Disabled");
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("scm")]
    public void Site_BasicPublishingCredentials_AreDisabled(string policy)
    {
        var found = Assert.Single(
            compiled.Template.Deployed("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            p => p.ResolvedName.EndsWith($"'{policy}')", StringComparison.Ordinal));
        TemplateAssert.IsBool(found, "properties.allow", false);
    }

    [Fact]
    public void Site_IsTaggedAsTheAzdApiService()
    {
        var tags = Site.Scope.Resolve(Site.Json["tags"]);
        Assert.Contains("'azd-service-name'", tags, StringComparison.Ordinal);
        Assert.Contains("'api'", tags, StringComparison.Ordinal);
    }
}
