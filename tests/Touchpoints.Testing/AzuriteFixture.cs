using Xunit;

namespace Touchpoints.Testing;

/// <summary>
/// An xunit assembly or class fixture that owns one Azurite for the tests that share it.
/// Tests isolate themselves by table and container names (<see cref="AzuriteServer.UniqueTableName"/>), so they can run in parallel.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    /// <summary>The running Azurite.</summary>
    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>The connection string of the running Azurite.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _server = await AzuriteServer.StartAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
