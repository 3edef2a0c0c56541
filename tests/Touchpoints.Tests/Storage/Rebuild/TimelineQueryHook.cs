using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Tests.Storage.Rebuild;

/// <summary>
/// Runs an action once, just before the first query of one customer's timeline leaves the client: the moment between a
/// rebuild's read of that customer's journey and its write, where a concurrent writer's commit must not be lost.
/// </summary>
internal sealed class TimelineQueryHook(string customerKey, Func<Task> action) : HttpPipelinePolicy
{
    private int _fired;

    public bool Fired => Volatile.Read(ref _fired) == 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var uri = Uri.UnescapeDataString(message.Request.Uri.ToString());
        if (uri.Contains($"'t|{customerKey}|'", StringComparison.Ordinal) && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            await action().ConfigureAwait(false);
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }
}
