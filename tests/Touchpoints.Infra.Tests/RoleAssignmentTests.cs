using System.Text.Json.Nodes;
using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class RoleAssignmentTests(CompiledTemplate compiled)
{
    private const string StorageAccount = "resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))";
    private const string SnapshotsContainer = "resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('snapshotsContainerName'))";
    private const string DeadLetterContainer = "resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('deadLetterContainerName'))";
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string EventHub = "resourceId('Microsoft.EventHub/namespaces/eventhubs', parameters('eventHubsNamespaceName'), parameters('eventHubName'))";
    private const string ApplicationInsights = "resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))";
    private const string KeyVault = "resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))";

    private IReadOnlyList<ArmResource> Assignments => compiled.Template.Deployed("Microsoft.Authorization/roleAssignments");

    public static TheoryData<string, string, string> AppRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", StorageAccount },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", StorageAccount },
        { "Azure Event Hubs Data Receiver", "a638d3c7-ab3a-418d-83e6-5f17a39d4fde", EventHub },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", ApplicationInsights },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", KeyVault },
    };

    [Theory]
    [MemberData(nameof(AppRoles))]
    public void AppIdentity_HasRole_ScopedToItsResource(string role, string roleId, string scope) =>
        AssertAssignment(role, roleId, scope, "parameters('appPrincipalId')", conditional: false);

    [Fact]
    public void AppIdentity_DoesNotGetEventHubsDataSender()
    {
        Assert.DoesNotContain(
            Assignments,
            a => RoleIdOf(a).Contains("2b629674-e913-4c01-ae53-ef4638d8f975", StringComparison.Ordinal)
                && a.Scope.Resolve(a.At("properties.principalId")) == compiled.Template.Module("rbac").ResolveBody("parameters('appPrincipalId')"));
    }

    [Fact]
    public void Producer_GetsEventHubsDataSenderOnTheHub_WhenAPrincipalIsGiven() =>
        AssertAssignment("Azure Event Hubs Data Sender", "2b629674-e913-4c01-ae53-ef4638d8f975", EventHub, "parameters('producerPrincipalId')", conditional: true);

    [Theory]
    [InlineData("Storage Blob Data Reader", StorageBlobDataReader, SnapshotsContainer)]
    [InlineData("Storage Blob Data Reader", StorageBlobDataReader, DeadLetterContainer)]
    [InlineData("Storage Table Data Reader", "76199698-9eea-4c19-bc75-cec21354c6b6", StorageAccount)]
    [InlineData("Azure Event Hubs Data Sender", "2b629674-e913-4c01-ae53-ef4638d8f975", EventHub)]
    public void Deployer_GetsDataRoles_WhenAPrincipalIsGiven(string role, string roleId, string scope) =>
        AssertAssignment(role, roleId, scope, "parameters('deployerPrincipalId')", conditional: true);

    [Fact]
    public void Deployer_BlobReads_AreLimitedToThePipelineContainers()
    {
        // Account-wide read would expose the deployment package and the host's keys and leases.
        var rbac = compiled.Template.Module("rbac");
        var principal = rbac.ResolveBody("parameters('deployerPrincipalId')");
        var scopes = Assignments
            .Where(a => RoleIdOf(a).Contains(StorageBlobDataReader, StringComparison.Ordinal) && a.Scope.Resolve(a.At("properties.principalId")) == principal)
            .Select(static a => a.Scope.Resolve(a.Json["scope"]))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[] { rbac.ResolveBody(DeadLetterContainer), rbac.ResolveBody(SnapshotsContainer) }.Order(StringComparer.Ordinal), scopes);
    }

    [Theory]
    [InlineData("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88")]
    [InlineData("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe")]
    [InlineData("Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab")]
    [InlineData("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7")]
    [InlineData("Azure Event Hubs Data Owner", "f526a384-b230-433a-b45c-95f59c4a2dec")]
    public void NoOne_GetsARoleThePipelineDoesNotUse(string role, string roleId)
    {
        var offenders = Assignments.Where(a => RoleIdOf(a).Contains(roleId, StringComparison.Ordinal)).ToList();
        Assert.True(offenders.Count == 0, $"{role} is assigned: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void EveryAssignment_IsScopedToAResource_NeverTheResourceGroup()
    {
        Assert.NotEmpty(Assignments);
        foreach (var assignment in Assignments)
        {
            var scope = assignment.Json["scope"] is null ? null : assignment.Scope.Resolve(assignment.Json["scope"]);
            Assert.True(scope is not null && scope.StartsWith("resourceId('Microsoft.", StringComparison.Ordinal), $"{assignment} has scope {scope ?? "(the deployment's resource group)"}.");
        }
    }

    [Fact]
    public void RbacModule_GetsTheAppIdentityAndTheDeployedResources()
    {
        foreach (var (parameter, module, output) in new[]
        {
            ("appPrincipalId", "identity", "principalId"),
            ("storageAccountName", "storage", "name"),
            ("snapshotsContainerName", "storage", "snapshotsContainerName"),
            ("deadLetterContainerName", "storage", "deadLetterContainerName"),
            ("eventHubsNamespaceName", "eventhubs", "name"),
            ("eventHubName", "eventhubs", "eventHubName"),
            ("applicationInsightsName", "monitoring", "applicationInsightsName"),
            ("keyVaultName", "keyvault", "name"),
        })
        {
            var passed = Passed("rbac", parameter);
            Assert.True(ArmScope.IsModuleOutput(passed, module, output), $"rbac.{parameter} = {passed}, expected the {output} output of {module}.");
        }

        Assert.Equal("parameters('principalId')", Passed("rbac", "deployerPrincipalId"));
        Assert.Equal("parameters('eventHubsProducerPrincipalId')", Passed("rbac", "producerPrincipalId"));

        var principal = compiled.Template.Module("identity").Resolve(compiled.Template.Module("identity").Output("principalId"));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", principal, StringComparison.Ordinal);
    }

    private string Passed(string module, string parameter)
    {
        var deployment = Assert.Single(compiled.Template.Root.Resources, r => r.Type == ArmTemplate.DeploymentType && r.Name == module);
        return compiled.Template.Root.Resolve(deployment.At($"properties.parameters.{parameter}.value"));
    }

    // Expected texts are written in the rbac module's own terms and resolved there the way the template's are.
    private void AssertAssignment(string role, string roleId, string expectedScope, string expectedPrincipal, bool conditional)
    {
        var rbac = compiled.Template.Module("rbac");
        var scope = rbac.ResolveBody(expectedScope);
        var principal = rbac.ResolveBody(expectedPrincipal);
        var matches = Assignments
            .Where(a => RoleIdOf(a).Contains(roleId, StringComparison.Ordinal) && a.Scope.Resolve(a.At("properties.principalId")) == principal)
            .ToList();
        // A role held on several resources (the deployer's blob reads) is told apart by its scope.
        var assignment = matches.Count > 1
            ? Assert.Single(matches, a => a.Json["scope"] is JsonNode s && a.Scope.Resolve(s) == scope)
            : Assert.Single(matches);

        Assert.Equal(
            $"subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleId}')",
            RoleIdOf(assignment));
        Assert.True(
            assignment.Json["scope"] is JsonNode s && assignment.Scope.Resolve(s) == scope,
            $"{role} for {principal} is scoped to {assignment.Json["scope"]?.ToJsonString() ?? "the resource group"}, expected {scope}.");
        Assert.Equal($"guid({scope}, {principal}, '{roleId}')", assignment.ResolvedName);

        if (expectedPrincipal == "parameters('deployerPrincipalId')")
        {
            Assert.Equal(rbac.ResolveBody("parameters('deployerPrincipalType')"), assignment.Scope.Resolve(assignment.At("properties.principalType")));
        }
        else
        {
            TemplateAssert.IsString(assignment, "properties.principalType", "ServicePrincipal");
        }

        var condition = assignment.Json["condition"] is { } c ? assignment.Scope.Resolve(c) : null;
        if (conditional)
        {
            Assert.Equal($"not(empty({principal}))", condition);
        }
        else
        {
            Assert.Null(condition);
        }
    }

    private static string RoleIdOf(ArmResource assignment) => assignment.Scope.Resolve(assignment.At("properties.roleDefinitionId"));
}
