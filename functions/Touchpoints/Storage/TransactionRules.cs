using Azure.Data.Tables;
using Touchpoints.Storage.Rules;

namespace Touchpoints.Storage;

/// <summary>
/// The entity group transaction rules Azure enforces and Azurite does not (Azurite accepts a transaction across
/// partitions, and fails unclearly past 100 actions), with the entity limits of every action: checked before every
/// submit, so a bug shows here and not in production. The rules are <see cref="TableLimits"/> and
/// <see cref="TransactionFacts"/>, the same checks <see cref="AzureStorageRulesPolicy"/> applies to the request; only
/// the body's 4 MiB limit waits for the policy or the service, because only the serialized request shows it.
/// </summary>
internal static class TransactionRules
{
    /// <exception cref="AzureStorageRuleException">The actions are none or more than 100, span partitions, touch one row twice, or an entity breaks a limit (<see cref="AzureStorageRuleException.Rule"/> says which).</exception>
    public static void Ensure(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var transaction = new TransactionFacts();
        foreach (var action in actions)
        {
            var entity = EntityFacts.From(null, action.Entity);
            if (action.ActionType != TableTransactionActionType.Delete)
            {
                TableLimits.CheckEntity(entity);
            }
            else
            {
                TableLimits.CheckKey("PartitionKey", entity.PartitionKey, null, entity.PartitionKey, entity.RowKey);
                TableLimits.CheckKey("RowKey", entity.RowKey, null, entity.PartitionKey, entity.RowKey);
            }

            transaction.Add(null, action.Entity.PartitionKey, action.Entity.RowKey);
        }

        transaction.Complete();
    }
}
