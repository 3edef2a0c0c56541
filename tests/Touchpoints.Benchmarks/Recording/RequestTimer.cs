using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Benchmarks.Recording;

/// <summary>
/// A coarse profile of where a client's wall time goes: how long at least one read, at least one transaction, or any
/// request was in flight. The rest of the wall time the client was computing or waiting on itself.
/// </summary>
internal sealed class RequestTimer : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private readonly InFlight _reads = new();
    private readonly InFlight _transactions = new();
    private readonly InFlight _any = new();

    public TimeSpan ReadTime => _reads.Busy;

    public TimeSpan TransactionTime => _transactions.Busy;

    public TimeSpan AnyTime => _any.Busy;

    public void Reset()
    {
        lock (_gate)
        {
            _reads.Reset();
            _transactions.Reset();
            _any.Reset();
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var kind = Enter(message);
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Leave(kind);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var kind = Enter(message);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            Leave(kind);
        }
    }

    private InFlight? Enter(HttpMessage message)
    {
        var kind = message.Request.Method == RequestMethod.Get ? _reads
            : message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) ? _transactions : null;
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            kind?.Enter(now);
            _any.Enter(now);
        }

        return kind;
    }

    private void Leave(InFlight? kind)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            kind?.Leave(now);
            _any.Leave(now);
        }
    }

    private sealed class InFlight
    {
        private int _count;
        private long _since;
        private long _busy;

        public TimeSpan Busy => Stopwatch.GetElapsedTime(0, _busy);

        public void Enter(long now)
        {
            if (_count++ == 0)
            {
                _since = now;
            }
        }

        public void Leave(long now)
        {
            if (--_count == 0)
            {
                _busy += now - _since;
            }
        }

        public void Reset()
        {
            _busy = 0;
            _since = Stopwatch.GetTimestamp();
        }
    }
}
