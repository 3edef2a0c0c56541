using Azure.Data.Tables;

namespace Touchpoints.Benchmarks.Recording;

/// <summary>One recorded action, ready to replay: its kind and entity; an update's ETag is the replay's own, filled in when sent.</summary>
internal sealed record ReplayAction(TableTransactionActionType Kind, TableEntity Entity)
{
    public bool IsConditional => Kind is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace or TableTransactionActionType.Delete;
}
