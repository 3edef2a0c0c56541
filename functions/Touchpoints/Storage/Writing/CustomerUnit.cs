using Azure.Data.Tables;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// One customer's share of a round: the touchpoints taken (a prefix of the pending ones), the timeline inserts of those
/// that are new, and the journey rows they change. Its actions go into one transaction together.
/// </summary>
internal sealed class CustomerUnit(CustomerWork customer)
{
    public CustomerWork Customer { get; } = customer;

    /// <summary>Every touchpoint taken this round, including replays the recent-id window recognised.</summary>
    public List<WorkItem> Items { get; } = [];

    /// <summary>The touchpoints with a timeline insert: action <c>i</c> is the insert of <c>Timeline[i]</c>.</summary>
    public List<WorkItem> Timeline { get; } = [];

    /// <summary>Timeline inserts first, then one journey action per funnel.</summary>
    public List<TableTransactionAction> Actions { get; } = [];

    /// <summary>The journey rows written, as the cache will hold them once committed.</summary>
    public List<(string RowKey, byte[] Encoded, int Chunks)> Journeys { get; } = [];

    /// <summary>The estimated request bytes of <see cref="Actions"/>.</summary>
    public long Bytes { get; set; }

    /// <summary>The row keys of the journey actions.</summary>
    public IEnumerable<string> JourneyRowKeys => Journeys.Select(static j => j.RowKey);
}
