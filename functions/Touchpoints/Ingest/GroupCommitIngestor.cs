using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Storage;

namespace Touchpoints.Ingest;

/// <summary>
/// Coalesces concurrent requests into one storage batch: the first request waits a few milliseconds (bounded) for
/// others, then all of them are written together, so entity group transactions fill up and each customer's record is
/// read and written once per batch. Each caller's task completes only after its touchpoints are durably written, so
/// nothing is acknowledged that a crash could lose. A storage failure of the batch fails every caller in it (they retry;
/// ingest is idempotent), but a touchpoint storage refuses for its own data fails only its own request, with
/// <see cref="TouchpointsRejectedException"/>: the writer drops it and commits the rest.
/// </summary>
public sealed class GroupCommitIngestor : ITouchpointIngestor, IAsyncDisposable
{
    // A few batches in flight keep storage busy while the next one gathers.
    private const int Writers = 4;

    private readonly JourneyWriter _writer;
    private readonly int _maxTouchpoints;
    private readonly TimeSpan _maxWait;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task _gatherer;

    /// <summary>Creates the group commit over a writer, with the configured batch size and wait.</summary>
    public GroupCommitIngestor(JourneyWriter writer, IOptions<TouchpointOptions> options)
        : this(writer, options.Value.GroupCommitMaxTouchpoints, TimeSpan.FromMilliseconds(options.Value.GroupCommitMaxWaitMilliseconds))
    {
    }

    /// <summary>Creates the group commit over a writer.</summary>
    public GroupCommitIngestor(JourneyWriter writer, int maxTouchpoints, TimeSpan maxWait)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTouchpoints, 1);
        _maxTouchpoints = maxTouchpoints;
        _maxWait = maxWait;
        _gatherer = Task.Run(RunAsync);
    }

    /// <inheritdoc />
    public async ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        if (touchpoints.Count == 0)
        {
            return default;
        }

        // A request as large as a whole batch gains nothing from waiting for company.
        if (touchpoints.Count >= _maxTouchpoints)
        {
            return await _writer.IngestAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        }

        var request = new Request(touchpoints);
        ObjectDisposedException.ThrowIf(!_requests.Writer.TryWrite(request), this);

        // The caller may stop waiting, but the write goes on: it is idempotent, and the request may already be in a batch.
        return await request.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // One gatherer, several writers: while every writer is busy, requests pile up in the channel, so the next batch
    // is fuller exactly when storage is the bottleneck.
    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        using var writers = new SemaphoreSlim(Writers);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await writers.WaitAsync().ConfigureAwait(false);
            if (!reader.TryRead(out var first))
            {
                writers.Release();
                continue;
            }

            var batch = new List<Request> { first };
            var count = first.Touchpoints.Count;
            using (var window = new CancellationTokenSource(_maxWait))
            {
                try
                {
                    while (count < _maxTouchpoints)
                    {
                        if (!reader.TryRead(out var next))
                        {
                            if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                            {
                                break;
                            }

                            continue;
                        }

                        batch.Add(next);
                        count += next.Touchpoints.Count;
                    }
                }
                catch (OperationCanceledException) when (window.IsCancellationRequested)
                {
                    // The wait is over; write what has gathered.
                }
            }

            _ = WriteAndReleaseAsync(batch, writers);
        }

        // Disposing: let the batches in flight finish.
        for (var i = 0; i < Writers; i++)
        {
            await writers.WaitAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteAndReleaseAsync(List<Request> batch, SemaphoreSlim writers)
    {
        try
        {
            await WriteAsync(batch).ConfigureAwait(false);
        }
        finally
        {
            writers.Release();
        }
    }

    private async Task WriteAsync(List<Request> batch)
    {
        var all = new List<Touchpoint>(batch.Sum(static r => r.Touchpoints.Count));
        foreach (var request in batch)
        {
            all.AddRange(request.Touchpoints);
        }

        try
        {
            var outcomes = await _writer.WriteBatchAsync(all, CancellationToken.None).ConfigureAwait(false);
            var offset = 0;
            foreach (var request in batch)
            {
                var result = JourneyWriter.ResultOf(outcomes, offset, request.Touchpoints.Count);
                var rejected = outcomes.Rejected(all, offset, request.Touchpoints.Count);
                offset += request.Touchpoints.Count;
                if (rejected.Count == 0)
                {
                    request.Completion.TrySetResult(result);
                }
                else
                {
                    request.Completion.TrySetException(new TouchpointsRejectedException(rejected, result));
                }
            }
        }
#pragma warning disable CA1031 // Every caller must learn of the failure; the exception is handed to each of them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var request in batch)
            {
                request.Completion.TrySetException(ex);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Requests already queued are still written before the loops end.
        _requests.Writer.TryComplete();
        await _gatherer.ConfigureAwait(false);
    }

    private sealed class Request(IReadOnlyList<Touchpoint> touchpoints)
    {
        public IReadOnlyList<Touchpoint> Touchpoints { get; } = touchpoints;

        public TaskCompletionSource<IngestResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
