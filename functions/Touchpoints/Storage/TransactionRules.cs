using Azure.Data.Tables;

namespace Touchpoints.Storage;

/// <summary>
/// The entity group transaction rules Azure enforces and Azurite does not (Azurite accepts a transaction across
/// partitions, and fails unclearly past 100 actions): checked before every submit, so a bug shows here and not in production.
/// </summary>
internal static class TransactionRules
{
    /// <exception cref="InvalidOperationException">The actions span partitions, exceed 100, or touch one row twice.</exception>
    public static void Ensure(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > JourneyWriter.MaxTransactionActions)
        {
            throw new InvalidOperationException($"A transaction holds 1 to {JourneyWriter.MaxTransactionActions} actions, not {actions.Count}.");
        }

        var partition = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"A transaction spans partitions {partition} and {action.Entity.PartitionKey}.");
            }

            if (!rows.Add(action.Entity.RowKey))
            {
                throw new InvalidOperationException($"A transaction touches row {partition}/{action.Entity.RowKey} twice.");
            }
        }
    }
}
