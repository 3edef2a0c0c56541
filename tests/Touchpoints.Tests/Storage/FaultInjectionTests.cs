using System.Text;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Touchpoints.Tests.Ingest;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// Invariants 2 and 4 with the network failing: the writer, the group commit and the Event Hubs handler reach Azurite
/// through a <see cref="FaultProxy"/> that resets connections, loses and cuts answers and stalls requests at a seeded
/// rate. Afterwards, read without the proxy, every acknowledged touchpoint is in its journey and timeline exactly once
/// or in the dead-letter container, and the totals equal an oracle computed from the input alone.
/// </summary>
public sealed class FaultInjectionTests(AzuriteFixture azurite)
{
    private const int Seed = 20261130;

    [Fact]
    public async Task FaultProxy_WhenTheAnswerIsLost_TheRequestTookEffectThoughTheClientSawAnError()
    {
        // Arrange: a client that does not retry, so each fault reaches the caller.
        await using var proxy = FaultProxy.Start(azurite.Server.TablePort, Seed);
        var options = azurite.Server.Rules.Apply(new TableClientOptions());
        options.Retry.MaxRetries = 0;
        var name = AzuriteServer.UniqueTableName();
        var faulted = new TableServiceClient(azurite.Server.ConnectionStringVia(tablePort: proxy.Port), options).GetTableClient(name);
        var direct = azurite.Server.CreateTableServiceClient().GetTableClient(name);
        await faulted.CreateAsync(TestContext.Current.CancellationToken);
        proxy.Schedule(FaultKind.ResetBeforeRequest, line => line.StartsWith("POST", StringComparison.Ordinal) && line.Contains(name, StringComparison.Ordinal));
        proxy.Schedule(FaultKind.ResetBeforeResponse, static line => line.StartsWith("POST", StringComparison.Ordinal));
        proxy.Schedule(FaultKind.CutResponse, static line => line.StartsWith("POST", StringComparison.Ordinal));

        // Act
        var before = await Assert.ThrowsAsync<RequestFailedException>(() => faulted.AddEntityAsync(new TableEntity("p", "before"), TestContext.Current.CancellationToken));
        var lost = await Assert.ThrowsAsync<RequestFailedException>(() => faulted.AddEntityAsync(new TableEntity("p", "lost"), TestContext.Current.CancellationToken));
        var cut = await Assert.ThrowsAnyAsync<Exception>(() => faulted.AddEntityAsync(new TableEntity("p", "cut"), TestContext.Current.CancellationToken));
        await faulted.AddEntityAsync(new TableEntity("p", "fine"), TestContext.Current.CancellationToken);

        // Assert: network errors (no status) each time; only the request reset before it was sent did not happen.
        Assert.Equal(0, before.Status);
        Assert.Equal(0, lost.Status);
        Assert.NotNull(cut);
        Assert.False((await direct.GetEntityIfExistsAsync<TableEntity>("p", "before", cancellationToken: TestContext.Current.CancellationToken)).HasValue);
        Assert.True((await direct.GetEntityIfExistsAsync<TableEntity>("p", "lost", cancellationToken: TestContext.Current.CancellationToken)).HasValue);
        Assert.True((await direct.GetEntityIfExistsAsync<TableEntity>("p", "cut", cancellationToken: TestContext.Current.CancellationToken)).HasValue);
        Assert.Equal(1, proxy.Count(FaultKind.ResetBeforeRequest));
        Assert.Equal(1, proxy.Count(FaultKind.ResetBeforeResponse));
        Assert.Equal(1, proxy.Count(FaultKind.CutResponse));
    }
}
