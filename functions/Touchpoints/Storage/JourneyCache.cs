using Azure;

namespace Touchpoints.Storage;

/// <summary>
/// A bounded, least-recently-used cache of journey rows as last written or read by this process, with their ETags.
/// A stale entry is harmless: the write's If-Match fails with 412 and the writer re-reads. One instance per process,
/// shared by the writer and the customer store, so an erase evicts what the writer would otherwise build on.
/// </summary>
internal sealed class JourneyCache
{
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();

    public JourneyCache(int capacity) => _capacity = capacity;

    public bool TryGet(string rowKey, out CachedJourney journey)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(rowKey, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                journey = node.Value.Journey;
                return true;
            }
        }

        journey = default;
        return false;
    }

    public void Set(string rowKey, CachedJourney journey)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(rowKey, out var node))
            {
                _order.Remove(node);
            }
            else if (_entries.Count >= _capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _entries.Remove(last.Value.RowKey);
            }

            node = _order.AddFirst(new Entry(rowKey, journey));
            _entries[rowKey] = node;
        }
    }

    public void Remove(string rowKey)
    {
        lock (_lock)
        {
            if (_entries.Remove(rowKey, out var node))
            {
                _order.Remove(node);
            }
        }
    }

    /// <summary>Forgets every journey row of a customer key.</summary>
    public void RemoveCustomer(string customerKey, Journeys.FunnelCatalog funnels)
    {
        ArgumentNullException.ThrowIfNull(funnels);
        foreach (var funnel in funnels.Funnels)
        {
            Remove(TableKeys.JourneyRow(funnel.Id, customerKey));
        }
    }

    private readonly record struct Entry(string RowKey, CachedJourney Journey);
}
