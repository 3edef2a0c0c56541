using System.Collections.Concurrent;
using Touchpoints.Ingest;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// What became of each touchpoint of a batch: applied, a duplicate (the default), or rejected by storage for its own
/// data, with the reason. Partitions are written concurrently, but each index belongs to exactly one partition.
/// </summary>
internal sealed class WriteOutcomes(int count)
{
    private readonly ConcurrentDictionary<string, string> _rejectedHistory = new(StringComparer.Ordinal);

    public bool[] Applied { get; } = new bool[count];

    public string?[] Rejections { get; } = new string?[count];

    public int AppliedCount => Applied.Count(static a => a);

    public void Apply(WorkItem item)
    {
        if (item.Index >= 0)
        {
            Applied[item.Index] = true;
        }
    }

    public void Reject(WorkItem item, string reason)
    {
        if (item.Index >= 0)
        {
            Rejections[item.Index] = reason;
        }
        else
        {
            _rejectedHistory[item.Touchpoint.MessageId] = reason;
        }
    }

    /// <summary>Whether a replayed history touchpoint was rejected: its stored row must stay where it is.</summary>
    public bool IsRejectedHistory(string messageId) => _rejectedHistory.ContainsKey(messageId);

    /// <summary>The rejected touchpoints of a batch, by message id.</summary>
    public List<RejectedTouchpoint> Rejected(IReadOnlyList<Touchpoint> touchpoints, int offset, int count)
    {
        var rejected = new List<RejectedTouchpoint>();
        for (var i = offset; i < offset + count; i++)
        {
            if (Rejections[i] is { } reason)
            {
                rejected.Add(new RejectedTouchpoint(touchpoints[i].MessageId, reason));
            }
        }

        return rejected;
    }
}
