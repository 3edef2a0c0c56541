namespace Touchpoints.Storage.Rules;

/// <summary>
/// A storage request broke one of Azure's documented limits, found before it was sent (Azurite enforces fewer of them
/// than Azure, so a local run would otherwise pass where Azure fails).
/// </summary>
public sealed class AzureStorageRuleException : InvalidOperationException
{
    /// <summary>Creates the exception for a broken rule.</summary>
    public AzureStorageRuleException(AzureStorageRule rule, string detail, string? table = null, string? partitionKey = null, string? rowKey = null)
        : base(Describe(rule, detail, table, partitionKey, rowKey))
    {
        Rule = rule;
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>The rule that was broken.</summary>
    public AzureStorageRule Rule { get; }

    /// <summary>
    /// The error code Azure answers the same request with, when the rule is about one entity's own content (a property,
    /// the entity's size, its keys); null for rules that only the caller's code can break (transactions, filters, names).
    /// </summary>
    public string? AzureErrorCode => Rule switch
    {
        AzureStorageRule.StringPropertyTooLarge or AzureStorageRule.BinaryPropertyTooLarge => "PropertyValueTooLarge",
        AzureStorageRule.PropertyNameTooLong => "PropertyNameTooLong",
        AzureStorageRule.EntityTooLarge => "EntityTooLarge",
        AzureStorageRule.TooManyProperties => "TooManyProperties",
        AzureStorageRule.KeyTooLong => "KeyValueTooLarge",
        AzureStorageRule.KeyHasForbiddenCharacter => "OutOfRangeInput",
        _ => null,
    };

    /// <summary>The table or container the request addressed, when known.</summary>
    public string? Table { get; }

    /// <summary>The partition key involved, when known.</summary>
    public string? PartitionKey { get; }

    /// <summary>The row key involved, when known.</summary>
    public string? RowKey { get; }

    private static string Describe(AzureStorageRule rule, string detail, string? table, string? partitionKey, string? rowKey)
    {
        var where = table is null ? string.Empty : $" in {table}";
        if (partitionKey is not null)
        {
            where += $", partition '{Printable(partitionKey)}'";
        }

        if (rowKey is not null)
        {
            where += $", row '{Printable(rowKey)}'";
        }

        return $"Azure storage rule {rule} broken{where}: {detail}";
    }

    // Keys may be long or hold control characters (that is sometimes the broken rule): show them escaped and bounded.
    private static string Printable(string key)
    {
        var shown = key.Length > 80 ? key[..80] + "…" : key;
        var builder = new System.Text.StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            if (char.IsControl(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
