using System.Globalization;

namespace Touchpoints.Storage.Rules;

/// <summary>
/// Azure Table storage's documented limits, each written once: the write path checks its transactions with them
/// before it submits (<see cref="TransactionRules"/>), and <see cref="AzureStorageRulesPolicy"/> checks every request
/// with them before it is sent.
/// </summary>
internal static class TableLimits
{
    /// <summary>The longest string property, in UTF-16 characters (64 KiB).</summary>
    public const int MaxStringChars = 32 * 1024;

    /// <summary>The largest binary property, in bytes.</summary>
    public const int MaxBinaryBytes = 64 * 1024;

    /// <summary>The largest entity by Azure's size formula, in bytes.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>The most properties of an entity, counting PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 255;

    /// <summary>The largest PartitionKey or RowKey, in UTF-16 characters (1 KiB).</summary>
    public const int MaxKeyChars = 512;

    /// <summary>The longest property name, in characters.</summary>
    public const int MaxPropertyNameChars = 255;

    /// <summary>The most actions of an entity group transaction.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>The largest body of an entity group transaction, in bytes.</summary>
    public const int MaxTransactionBodyBytes = 4 * 1024 * 1024;

    /// <summary>The most comparisons in a query's <c>$filter</c>.</summary>
    public const int MaxFilterComparisons = 15;

    // PartitionKey, RowKey and Timestamp count against the property limit; Timestamp also against the size.
    private const int SystemPropertyCount = 3;
    private const int TimestampBytes = 8 + (9 * 2) + 8; // "Timestamp": 9 characters, a DateTime value

    /// <summary>An entity's size by Azure's formula: 4 + 2 bytes per key character + per property 8 + 2 bytes per name character + the value's size.</summary>
    public static long EntityBytes(EntityFacts entity)
    {
        long size = 4 + ((long)((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)) * 2) + TimestampBytes;
        foreach (var property in entity.Properties)
        {
            size += 8 + (property.Name.Length * 2) + property.ValueBytes;
        }

        return size;
    }

    /// <summary>Checks a PartitionKey or RowKey.</summary>
    /// <exception cref="AzureStorageRuleException">The key is too long or holds a forbidden character.</exception>
    public static void CheckKey(string keyName, string? key, string? table, string? partitionKey, string? rowKey)
    {
        if (key is null)
        {
            return;
        }

        if (key.Length > MaxKeyChars)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.KeyTooLong,
                Invariant($"the {keyName} is {key.Length} characters ({key.Length * 2} bytes); the limit is {MaxKeyChars} (1 KiB)"),
                table, partitionKey, rowKey);
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is '/' or '\\' or '#' or '?' or (>= '\u0000' and <= '\u001F') or (>= '\u007F' and <= '\u009F'))
            {
                throw new AzureStorageRuleException(
                    AzureStorageRule.KeyHasForbiddenCharacter,
                    Invariant($"the {keyName} holds U+{(int)c:X4} at index {i}; keys must not hold / \\ # ? or control characters"),
                    table, partitionKey, rowKey);
            }
        }
    }

    /// <summary>Checks an entity's keys, properties, property count and size.</summary>
    /// <exception cref="AzureStorageRuleException">The entity breaks a limit.</exception>
    public static void CheckEntity(EntityFacts entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var (table, partitionKey, rowKey) = (entity.Table, entity.PartitionKey, entity.RowKey);
        CheckKey("PartitionKey", partitionKey, table, partitionKey, rowKey);
        CheckKey("RowKey", rowKey, table, partitionKey, rowKey);

        if (entity.Properties.Count + SystemPropertyCount > MaxProperties)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.TooManyProperties,
                Invariant($"the entity has {entity.Properties.Count} properties besides PartitionKey, RowKey and Timestamp; the limit is {MaxProperties - SystemPropertyCount}"),
                table, partitionKey, rowKey);
        }

        foreach (var property in entity.Properties)
        {
            if (property.Name.Length > MaxPropertyNameChars)
            {
                throw new AzureStorageRuleException(
                    AzureStorageRule.PropertyNameTooLong,
                    Invariant($"a property name is {property.Name.Length} characters; the limit is {MaxPropertyNameChars}"),
                    table, partitionKey, rowKey);
            }

            if (property.Type == EdmType.String && property.Length > MaxStringChars)
            {
                throw new AzureStorageRuleException(
                    AzureStorageRule.StringPropertyTooLarge,
                    Invariant($"string property '{property.Name}' is {property.Length} UTF-16 characters; the limit is {MaxStringChars} (64 KiB)"),
                    table, partitionKey, rowKey);
            }

            if (property.Type == EdmType.Binary && property.Length > MaxBinaryBytes)
            {
                throw new AzureStorageRuleException(
                    AzureStorageRule.BinaryPropertyTooLarge,
                    Invariant($"binary property '{property.Name}' is {property.Length} bytes; the limit is {MaxBinaryBytes} (64 KiB)"),
                    table, partitionKey, rowKey);
            }
        }

        var size = EntityBytes(entity);
        if (size > MaxEntityBytes)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.EntityTooLarge,
                Invariant($"the entity is {size} bytes by Azure's size formula; the limit is {MaxEntityBytes} (1 MiB)"),
                table, partitionKey, rowKey);
        }
    }

    /// <summary>Checks a query's filter against the comparison limit.</summary>
    /// <exception cref="AzureStorageRuleException">The filter holds more than 15 comparisons.</exception>
    public static void CheckFilter(string? table, ODataFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Comparisons > MaxFilterComparisons)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.FilterTooManyComparisons,
                Invariant($"the $filter holds {filter.Comparisons} comparisons; the limit is {MaxFilterComparisons}: {Shorten(filter.Text)}"),
                table, filter.PartitionKey);
        }
    }

    /// <summary>Checks a table name (3-63 letters and digits, starting with a letter).</summary>
    /// <exception cref="AzureStorageRuleException">The name is invalid.</exception>
    public static void CheckTableName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 63 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.TableNameInvalid,
                Invariant($"table name '{Shorten(name)}' must be 3-63 letters and digits, starting with a letter"),
                name);
        }
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
