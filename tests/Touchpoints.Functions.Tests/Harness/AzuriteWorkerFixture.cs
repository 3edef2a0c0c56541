using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// One real Azurite and one compiled worker under the harness, shared by a test class: the worker's storage is the
/// Azurite connection string (<c>AzureWebJobsStorage</c>, as locally), with a table and containers of its own.
/// </summary>
public sealed class AzuriteWorkerFixture : IAsyncLifetime
{
    /// <summary>The write key the worker accepts (<c>Touchpoints__WriteKeys__harness</c>).</summary>
    public const string WriteKey = "harness-write-key";

    /// <summary>The event hub named by <c>%EventHubName%</c>.</summary>
    public const string EventHubName = "touchpoints";

    /// <summary>The Event Hubs namespace named by <c>EventHubConnection__fullyQualifiedNamespace</c>.</summary>
    public const string EventHubNamespace = "touchpoints-harness.servicebus.windows.net";

    /// <summary>The consumer group named by <c>%EventHubConsumerGroup%</c>.</summary>
    public const string ConsumerGroup = "pipeline";

    private AzuriteServer? _azurite;
    private FunctionsHostHarness? _host;

    /// <summary>The running Azurite.</summary>
    internal AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>The harness and its worker.</summary>
    internal FunctionsHostHarness Host => _host ?? throw new InvalidOperationException("The worker has not started.");

    /// <summary>The worker's journey table.</summary>
    public string TableName { get; } = AzuriteServer.UniqueTableName("journeys");

    /// <summary>The worker's dead-letter container.</summary>
    public string DeadLetterContainer { get; } = AzuriteServer.UniqueContainerName("deadletter");

    /// <summary>The worker's snapshot container.</summary>
    public string SnapshotContainer { get; } = AzuriteServer.UniqueContainerName("snapshots");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync().ConfigureAwait(false);
        try
        {
            _host = await FunctionsHostHarness.StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["AzureWebJobsStorage"] = _azurite.ConnectionString,
                ["Touchpoints__TableName"] = TableName,
                ["Touchpoints__DeadLetterContainer"] = DeadLetterContainer,
                ["Touchpoints__SnapshotContainer"] = SnapshotContainer,
                ["Touchpoints__WriteKeys__harness"] = WriteKey,
                ["SnapshotSchedule"] = "0 15 0 * * *",
                ["EventHubName"] = EventHubName,
                ["EventHubConsumerGroup"] = ConsumerGroup,
                ["EventHubConnection__fullyQualifiedNamespace"] = EventHubNamespace,
            }).ConfigureAwait(false);
        }
        catch
        {
            // A fixture that failed to start may not be disposed: Azurite must not outlive it.
            await _azurite.DisposeAsync().ConfigureAwait(false);
            _azurite = null;
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (_azurite is not null)
            {
                await _azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
