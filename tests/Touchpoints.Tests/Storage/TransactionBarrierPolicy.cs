using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// Holds the first entity group transaction of each of <c>parties</c> clients until all of them have one ready, then
/// lets them go together: writers that read the same journeys before any of them commits must collide, so a race test
/// cannot pass by its writers happening to run one after another. One instance per client, sharing one
/// <see cref="Gate"/>. A party that never arrives releases the rest after a minute, so a broken test fails, not hangs.
/// </summary>
internal sealed class TransactionBarrierPolicy(TransactionBarrierPolicy.Gate gate) : HttpPipelinePolicy
{
    private int _held;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Exchange(ref _held, 1) == 0)
        {
            await gate.ArriveAsync(message.CancellationToken).ConfigureAwait(false);
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    /// <summary>The meeting point of the clients' first transactions.</summary>
    internal sealed class Gate(int parties)
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public async Task ArriveAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _arrived) >= parties)
            {
                _open.TrySetResult();
            }

            await Task.WhenAny(_open.Task, Task.Delay(TimeSpan.FromMinutes(1), cancellationToken)).ConfigureAwait(false);
        }
    }
}
