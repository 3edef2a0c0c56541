using Touchpoints.Ingest;

namespace Touchpoints.Tests.Ingest;

/// <summary>
/// What the Functions host does with a batch and the trigger's retry policy: a batch whose invocation throws is
/// delivered again, whole, up to the attempts allowed; the last attempt is told it is the last
/// (<c>isFinalAttempt</c>). After the last attempt the host checkpoints past the batch, thrown or not.
/// </summary>
internal sealed class SimulatedEventHubsHost(EventHubBatchHandler handler, int maxAttempts)
{
    private readonly Lock _lock = new();

    /// <summary>Each failed attempt's exception type, in order.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Batches whose last attempt threw too: the host moved past them with nothing acknowledged.</summary>
    public List<EventHubEvent[]> Unacknowledged { get; } = [];

    /// <summary>Delivers a batch; true when an attempt returned (the batch is acknowledged).</summary>
    public async Task<bool> DeliverAsync(EventHubEvent[] batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler.HandleAsync(batch, "touchpoints", cancellationToken, isFinalAttempt: attempt == maxAttempts);
                return true;
            }
#pragma warning disable CA1031 // The host retries whatever the function threw.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                lock (_lock)
                {
                    Failures.Add(ex.GetType().Name);
                    if (attempt == maxAttempts)
                    {
                        Unacknowledged.Add(batch);
                        return false;
                    }
                }
            }
        }
    }
}
