using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class StorageTests(CompiledTemplate compiled)
{
    private ArmResource Account => compiled.Template.Single("Microsoft.Storage/storageAccounts");

    [Fact]
    public void StorageAccount_SharedKeyAccess_IsDisabled() => TemplateAssert.IsBool(Account, "properties.allowSharedKeyAccess", false);

    [Fact]
    public void StorageAccount_MinimumTls_Is12() => TemplateAssert.IsString(Account, "properties.minimumTlsVersion", "TLS1_2");

    [Fact]
    public void StorageAccount_HttpsOnly_IsEnforced() => TemplateAssert.IsBool(Account, "properties.supportsHttpsTrafficOnly", true);

    [Fact]
    public void StorageAccount_HierarchicalNamespace_IsOffSoBlobIndexTagsWork() => TemplateAssert.IsBool(Account, "properties.isHnsEnabled", false);

    [Fact]
    public void StorageAccount_BlobPublicAccess_IsDisabled() => TemplateAssert.IsBool(Account, "properties.allowBlobPublicAccess", false);

    [Theory]
    [InlineData("snapshots")]
    [InlineData("deadletter")]
    [InlineData("app-package-")]
    public void BlobContainers_ForPipelineAndDeployment_ExistAndArePrivate(string name)
    {
        var container = Assert.Single(
            compiled.Template.Deployed("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => c.ResolvedName.Contains($"'{name}", StringComparison.Ordinal));
        TemplateAssert.IsString(container, "properties.publicAccess", "None");
    }

    [Fact]
    public void JourneysTable_Exists()
    {
        Assert.Single(
            compiled.Template.Deployed("Microsoft.Storage/storageAccounts/tableServices/tables"),
            t => t.ResolvedName.EndsWith("'journeys')", StringComparison.Ordinal));
    }
}
