namespace Touchpoints.Storage.Writing;

/// <summary>One customer's touchpoints in a batch that are not committed yet, in the order they are written.</summary>
internal sealed class CustomerWork(string key, string customerId, bool anonymous)
{
    private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);

    public string Key { get; } = key;

    public string CustomerId { get; } = customerId;

    public bool Anonymous { get; } = anonymous;

    public List<WorkItem> Pending { get; } = [];

    /// <summary>
    /// The most touchpoints the next round may take. Halved when storage rejects the customer's journey row, so a
    /// touchpoint whose data makes the row invalid ends up alone and can be named.
    /// </summary>
    public int RoundLimit { get; set; } = int.MaxValue;

    /// <summary>Whether this customer's rows must travel in a transaction of their own (a failure without an index is being narrowed down).</summary>
    public bool Alone { get; set; }

    // A message id seen twice in one batch is a duplicate before any storage is asked.
    public void Add(WorkItem item)
    {
        if (_messageIds.Add(item.Touchpoint.MessageId))
        {
            Pending.Add(item);
        }
    }

    public void Drop(WorkItem item) => Pending.Remove(item);

    public void Complete(int count) => Pending.RemoveRange(0, count);
}
