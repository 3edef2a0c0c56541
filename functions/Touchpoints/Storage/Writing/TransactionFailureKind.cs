namespace Touchpoints.Storage.Writing;

/// <summary>What a failed transaction means for the touchpoints in it.</summary>
internal enum TransactionFailureKind
{
    /// <summary>Not something the writer can act on (throttling, an outage, a bug): the batch fails and is retried whole.</summary>
    Fatal,

    /// <summary>A timeline row already exists: its touchpoint is a duplicate (invariant 2).</summary>
    Duplicate,

    /// <summary>A journey row changed, appeared or vanished since it was read: re-read and re-apply (invariant 3).</summary>
    JourneyChanged,

    /// <summary>Storage refused one timeline row's data: that touchpoint is the culprit.</summary>
    TimelineRejected,

    /// <summary>Storage refused a journey row's data: one of the unit's touchpoints is the culprit, found by halving.</summary>
    JourneyRejected,

    /// <summary>Storage refused the transaction's data without naming an action: narrowed down by sending units alone.</summary>
    Unattributed,
}
