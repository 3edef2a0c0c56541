namespace Touchpoints.Storage.Rules;

/// <summary>
/// An entity group transaction as the limits see it, built action by action: one partition, one action per row, at
/// most 100 actions, a body of at most 4 MiB. The write path and the policy feed it the same way.
/// </summary>
internal sealed class TransactionFacts
{
    private readonly HashSet<string> _rows = new(StringComparer.Ordinal);
    private string? _table;
    private string? _partition;

    public int Count { get; private set; }

    /// <summary>Adds an action.</summary>
    /// <exception cref="AzureStorageRuleException">The action breaks a transaction rule.</exception>
    public void Add(string? table, string partitionKey, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        if (Count == 0)
        {
            _table = table;
            _partition = partitionKey;
        }
        else if (!string.Equals(_partition, partitionKey, StringComparison.Ordinal))
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.TransactionSpansPartitions,
                $"action {Count} is in partition '{partitionKey}', action 0 in '{_partition}'; a transaction stays in one partition",
                table, partitionKey, rowKey);
        }
        else if (table is not null && _table is not null && !string.Equals(_table, table, StringComparison.Ordinal))
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.TransactionSpansPartitions,
                $"action {Count} is in table {table}, action 0 in {_table}; a transaction stays in one table",
                table, partitionKey, rowKey);
        }

        if (!_rows.Add(rowKey))
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.TransactionRowRepeated,
                TableLimits.Invariant($"action {Count} touches a row an earlier action touches; a transaction has one action per row"),
                table, partitionKey, rowKey);
        }

        Count++;
        if (Count > TableLimits.MaxTransactionActions)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.TransactionTooManyActions,
                TableLimits.Invariant($"the transaction holds more than {TableLimits.MaxTransactionActions} actions"),
                table, partitionKey);
        }
    }

    /// <summary>Checks what only the whole transaction shows: that it holds an action, and its body's size when known.</summary>
    /// <exception cref="AzureStorageRuleException">The transaction is empty or too large.</exception>
    public void Complete(long? bodyBytes = null)
    {
        if (Count == 0)
        {
            throw new AzureStorageRuleException(AzureStorageRule.TransactionEmpty, "the transaction holds no action", _table);
        }

        if (bodyBytes > TableLimits.MaxTransactionBodyBytes)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.TransactionTooLarge,
                TableLimits.Invariant($"the transaction's body is {bodyBytes} bytes for {Count} actions; the limit is {TableLimits.MaxTransactionBodyBytes} (4 MiB)"),
                _table, _partition);
        }
    }
}
