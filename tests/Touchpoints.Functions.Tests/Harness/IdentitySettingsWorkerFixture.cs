using Xunit;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// The compiled worker under the harness with the identity-based settings of an Azure deployment
/// (<c>infra/</c>: <c>AzureWebJobsStorage__accountName</c>, <c>__credential=managedidentity</c>, <c>__clientId</c>,
/// <c>EventHubConnection__fullyQualifiedNamespace</c>) and no connection string. Nothing can reach Azure from here, so
/// only what needs no storage is invoked: it proves configuration binds and every dependency resolves.
/// </summary>
public sealed class IdentitySettingsWorkerFixture : IAsyncLifetime
{
    /// <summary>The write key the worker accepts.</summary>
    public const string WriteKey = "identity-harness-write-key";

    /// <summary>The one origin the worker allows (<c>Touchpoints__CorsOrigins__0</c>).</summary>
    public const string AllowedOrigin = "https://shop.example";

    private const string ClientId = "00000000-0000-0000-0000-00000000c1d0";

    private FunctionsHostHarness? _host;

    /// <summary>
    /// The app settings <c>infra/app/api.bicep</c> gives the Function App, with placeholder values: the platform has
    /// already resolved the write key's Key Vault reference to its value by the time the worker reads it.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> AppSettings { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = null,
        ["AzureWebJobsStorage__accountName"] = "sttouchpointsharness",
        ["AzureWebJobsStorage__blobServiceUri"] = "https://sttouchpointsharness.blob.core.windows.net/",
        ["AzureWebJobsStorage__queueServiceUri"] = "https://sttouchpointsharness.queue.core.windows.net/",
        ["AzureWebJobsStorage__tableServiceUri"] = "https://sttouchpointsharness.table.core.windows.net/",
        ["AzureWebJobsStorage__credential"] = "managedidentity",
        ["AzureWebJobsStorage__clientId"] = ClientId,
        ["EventHubConnection__fullyQualifiedNamespace"] = "evhns-touchpoints-harness.servicebus.windows.net",
        ["EventHubConnection__credential"] = "managedidentity",
        ["EventHubConnection__clientId"] = ClientId,
        ["AZURE_CLIENT_ID"] = ClientId,
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-0000000000a1;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = $"ClientId={ClientId};Authorization=AAD",
        ["EventHubName"] = "touchpoints",
        ["EventHubConsumerGroup"] = "pipeline",
        ["Touchpoints__TableName"] = "journeys",
        ["Touchpoints__SnapshotContainer"] = "snapshots",
        ["Touchpoints__DeadLetterContainer"] = "deadletter",
        ["Touchpoints__BucketCount"] = "16",
        ["Touchpoints__FunnelPath"] = "funnels/default.json",
        ["SnapshotSchedule"] = "0 15 0 * * *",
        ["Touchpoints__Snapshots__LateDays"] = "2",
        ["Touchpoints__Snapshots__TimeZone"] = "UTC",
        ["Touchpoints__WriteKeys__web"] = WriteKey,
        ["Touchpoints__CorsOrigins__0"] = AllowedOrigin,
    };

    /// <summary>The harness and its worker.</summary>
    internal FunctionsHostHarness Host => _host ?? throw new InvalidOperationException("The worker has not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _host = await FunctionsHostHarness.StartAsync(AppSettings).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
