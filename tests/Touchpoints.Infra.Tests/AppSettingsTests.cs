using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed partial class AppSettingsTests(CompiledTemplate compiled)
{
    private ArmResource SettingsResource => Assert.Single(
        compiled.Template.Deployed("Microsoft.Web/sites/config"),
        static c => c.ResolvedName.EndsWith("'appsettings')", StringComparison.Ordinal));

    private ArmObject Settings => SettingsResource.Scope.ReadObject(SettingsResource.Json["properties"]);

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("EventHubConnection")]
    public void Connection_UsesTheUserAssignedManagedIdentity(string connection)
    {
        var settings = Settings;
        Assert.Equal("managedidentity", settings.Literal($"{connection}__credential"));
        AssertIsIdentityClientId(settings, $"{connection}__clientId");
    }

    [Fact]
    public void AzureWebJobsStorage_NamesTheAccountAndItsServiceUris()
    {
        var settings = Settings;
        Assert.True(ArmScope.IsModuleOutput(Value(settings, "AzureWebJobsStorage__accountName"), "storage", "name"));
        foreach (var service in new[] { "blob", "table" })
        {
            var value = Value(settings, $"AzureWebJobsStorage__{service}ServiceUri");
            Assert.Equal($"reference('storage').primaryEndpoints.{service}", value);
        }

        // Nothing uses queues, and the identity has no queue role; a queue endpoint here would invite a 403 at run time.
        Assert.DoesNotContain("AzureWebJobsStorage__queueServiceUri", settings.Entries.Keys);

        AssertSymbolIs("storage", "Microsoft.Storage/storageAccounts");
    }

    [Fact]
    public void EventHubConnection_NamesTheFullyQualifiedNamespace()
    {
        var value = Value(Settings, "EventHubConnection__fullyQualifiedNamespace");
        Assert.Contains("reference('eventHubsNamespace').serviceBusEndpoint", value, StringComparison.Ordinal);
        AssertSymbolIs("eventHubsNamespace", "Microsoft.EventHub/namespaces");
    }

    [Fact]
    public void AzureClientId_IsTheUserAssignedIdentity() => AssertIsIdentityClientId(Settings, "AZURE_CLIENT_ID");

    [Fact]
    public void ApplicationInsights_AuthenticatesWithEntraId()
    {
        var settings = Settings;
        Assert.Equal(
            "format('ClientId={0};Authorization=AAD', reference('identity').clientId)",
            Value(settings, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.Equal("reference('applicationInsights').ConnectionString", Value(settings, "APPLICATIONINSIGHTS_CONNECTION_STRING"));
        AssertSymbolIs("applicationInsights", "Microsoft.Insights/components");
    }

    [Fact]
    public void Settings_HoldNoKeyOrConnectionString()
    {
        var settings = Settings;
        var offenders = settings.Entries
            .Where(static kv => kv.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            .Where(static kv => SecretLooking().IsMatch(kv.Key) || SecretLooking().IsMatch(kv.Value))
            .Select(static kv => $"{kv.Key} = {kv.Value}")
            .Concat(settings.Computed.Where(static text => SecretLooking().IsMatch(text)))
            .ToList();
        Assert.True(offenders.Count == 0, "Settings that look like keys or connection strings:\n" + string.Join('\n', offenders));
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Entries.Keys);
        Assert.DoesNotContain("EventHubConnection", settings.Entries.Keys);
    }

    [Fact]
    public void Template_NeverListsKeys()
    {
        var text = compiled.Template.Root.Template.ToJsonString();
        Assert.DoesNotMatch(ListFunction(), text);
    }

    [Theory]
    [InlineData("EventHubName", "eventhubs", "eventHubName")]
    [InlineData("EventHubConsumerGroup", "eventhubs", "consumerGroupName")]
    [InlineData("Touchpoints__TableName", "storage", "journeysTableName")]
    [InlineData("Touchpoints__SnapshotContainer", "storage", "snapshotsContainerName")]
    [InlineData("Touchpoints__DeadLetterContainer", "storage", "deadLetterContainerName")]
    public void PipelineSettings_NameTheDeployedResources(string setting, string module, string output)
    {
        var value = Value(Settings, setting);
        Assert.True(ArmScope.IsModuleOutput(value, module, output), $"{setting} = {value}, expected the {output} output of {module}.");
    }

    [Theory]
    [InlineData("Touchpoints__BucketCount", "string(parameters('bucketCount'))", "bucketCount", "16")]
    [InlineData("Touchpoints__FunnelPath", "parameters('funnelPath')", "funnelPath", "funnels/default.json")]
    [InlineData("SnapshotSchedule", "parameters('snapshotSchedule')", "snapshotSchedule", "0 15 0 * * *")]
    [InlineData("Touchpoints__Snapshots__LateDays", "string(parameters('snapshotLateDays'))", "snapshotLateDays", "2")]
    [InlineData("Touchpoints__Snapshots__TimeZone", "parameters('snapshotTimeZone')", "snapshotTimeZone", "UTC")]
    public void PipelineSettings_ComeFromMainParameters_WithTheirDefaults(string setting, string expected, string parameter, string defaultValue)
    {
        Assert.Equal(expected, Value(Settings, setting));
        var definition = compiled.Template.Root.ParameterDefinition(parameter);
        Assert.NotNull(definition);
        Assert.Equal(defaultValue, definition["defaultValue"]?.ToString());
    }

    [Fact]
    public void CorsOrigins_DefaultToNone_NotAny()
    {
        var cors = Assert.Single(Settings.Computed, static c => c.Contains("Touchpoints__CorsOrigins__", StringComparison.Ordinal));

        // The app reads an empty list as any origin, so an empty parameter must become the explicit 'none'.
        Assert.StartsWith("if(empty(parameters('corsOrigins')), createObject('Touchpoints__CorsOrigins__0', 'none'), toObject(range(0, length(parameters('corsOrigins')))", cors, StringComparison.Ordinal);
        Assert.Empty(compiled.Template.Root.ParameterDefinition("corsOrigins")?["defaultValue"]?.AsArray() ?? [new JsonObject()]);
    }

    [Fact]
    public void PixelRequiresWriteKey_IsAParameter_OnByDefault()
    {
        Assert.Equal("if(parameters('pixelRequiresWriteKey'), 'true', 'false')", Value(Settings, "Touchpoints__PixelRequiresWriteKey"));
        Assert.True(compiled.Template.Root.ParameterDefinition("pixelRequiresWriteKey")?["defaultValue"]?.GetValue<bool>());
    }

    [Fact]
    public void BucketCount_IsLimitedTo1Through1024()
    {
        var definition = compiled.Template.Root.ParameterDefinition("bucketCount");
        Assert.NotNull(definition);
        Assert.Equal(1, definition["minValue"]?.GetValue<int>());
        Assert.Equal(1024, definition["maxValue"]?.GetValue<int>());
    }

    [Fact]
    public void WriteKeys_AreKeyVaultReferences_OnePerSource()
    {
        var computed = Assert.Single(Settings.Computed, static c => c.Contains("Touchpoints__WriteKeys__", StringComparison.Ordinal));
        Assert.StartsWith("toObject(", computed, StringComparison.Ordinal);
        Assert.Contains("objectKeys(parameters('writeKeys'))", computed, StringComparison.Ordinal);
        Assert.Contains("'Touchpoints__WriteKeys__{0}'", computed, StringComparison.Ordinal);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0}secrets/{1})', reference('keyVault').vaultUri", computed, StringComparison.Ordinal);
        AssertSymbolIs("keyVault", "Microsoft.KeyVault/vaults");
    }

    private static string Value(ArmObject settings, string key)
    {
        Assert.True(settings.Entries.TryGetValue(key, out var value), $"App setting {key} is missing.");
        return value;
    }

    private void AssertIsIdentityClientId(ArmObject settings, string key)
    {
        Assert.Equal("reference('identity').clientId", Value(settings, key));
        AssertSymbolIs("identity", "Microsoft.ManagedIdentity/userAssignedIdentities");
    }

    // Settings name resources by symbolic name; make sure each symbol is the resource the setting means.
    private void AssertSymbolIs(string symbol, string type)
    {
        var resource = Assert.Single(SettingsResource.Scope.Resources, r => r.SymbolicName == symbol);
        Assert.Equal(type, resource.Type);
    }

    [GeneratedRegex(@"AccountKey|SharedAccessKey|SharedAccessSignature|InstrumentationKey|ConnectionString|Password|listKeys|listConnectionStrings|primaryKey|secondaryKey", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLooking();

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();
}
