using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Benchmarks.Recording;

/// <summary>
/// Records every entity group transaction a client's pipeline sends, body and all, so a raw replay can issue exactly the
/// pipeline's writes. Observes from outside the library: it sits on the bench's own Table client. Only the body is copied
/// while timing; it is parsed after the run. Writes outside transactions are counted, so a replay that misses some shows it.
/// </summary>
internal sealed class TransactionRecorder : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<RecordedTransaction> _recorded = new();
    private long _sequence;
    private long _singleWrites;
    private volatile int _batch = -1;

    /// <summary>The handler batch being recorded, or -1 to record nothing.</summary>
    public int Batch
    {
        get => _batch;
        set => _batch = value;
    }

    /// <summary>Entity writes sent outside transactions while recording.</summary>
    public long SingleWrites => Interlocked.Read(ref _singleWrites);

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var batch = _batch;
        var request = message.Request;
        if (batch < 0)
        {
            return;
        }

        if (request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            using var buffer = new MemoryStream();
            request.Content?.WriteTo(buffer, CancellationToken.None);
            _recorded.Enqueue(new RecordedTransaction(batch, Interlocked.Increment(ref _sequence), buffer.ToArray()));
        }
        else if (request.Method != RequestMethod.Get && request.Uri.Path.Contains('(', StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _singleWrites);
        }
    }

    /// <summary>Everything recorded so far, in the order it was sent, and forgets it.</summary>
    public List<RecordedTransaction> Take()
    {
        var taken = new List<RecordedTransaction>(_recorded.Count);
        while (_recorded.TryDequeue(out var transaction))
        {
            taken.Add(transaction);
        }

        taken.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return taken;
    }
}
