namespace Touchpoints.Storage.Rules;

/// <summary>An Azure Storage limit that a request broke (see <see cref="AzureStorageRuleException"/>).</summary>
public enum AzureStorageRule
{
    /// <summary>A string property holds more than 32K UTF-16 characters (64 KiB).</summary>
    StringPropertyTooLarge,

    /// <summary>A binary property holds more than 64 KiB.</summary>
    BinaryPropertyTooLarge,

    /// <summary>A property name is longer than 255 characters.</summary>
    PropertyNameTooLong,

    /// <summary>An entity is larger than 1 MiB by Azure's size formula.</summary>
    EntityTooLarge,

    /// <summary>An entity has more than 255 properties, counting PartitionKey, RowKey and Timestamp.</summary>
    TooManyProperties,

    /// <summary>A PartitionKey or RowKey is larger than 1 KiB (512 UTF-16 characters).</summary>
    KeyTooLong,

    /// <summary>A PartitionKey or RowKey holds <c>/</c>, <c>\</c>, <c>#</c>, <c>?</c> or a control character.</summary>
    KeyHasForbiddenCharacter,

    /// <summary>An entity group transaction holds no action.</summary>
    TransactionEmpty,

    /// <summary>An entity group transaction holds more than 100 actions.</summary>
    TransactionTooManyActions,

    /// <summary>An entity group transaction's body is larger than 4 MiB.</summary>
    TransactionTooLarge,

    /// <summary>An entity group transaction spans more than one partition (or table).</summary>
    TransactionSpansPartitions,

    /// <summary>An entity group transaction holds more than one action on a row.</summary>
    TransactionRowRepeated,

    /// <summary>A query's <c>$filter</c> holds more than 15 comparisons.</summary>
    FilterTooManyComparisons,

    /// <summary>A query is a partition or table scan, and scans were configured to fail (<see cref="AzureStorageRules.FailOnScans"/>).</summary>
    Scan,

    /// <summary>A table name is not 3 to 63 letters and digits starting with a letter.</summary>
    TableNameInvalid,

    /// <summary>A container name is not 3 to 63 lowercase letters, digits and single hyphens, starting with a letter or digit.</summary>
    ContainerNameInvalid,

    /// <summary>A blob name is longer than 1,024 characters.</summary>
    BlobNameTooLong,

    /// <summary>A metadata name is not a valid C# identifier.</summary>
    MetadataNameInvalid,

    /// <summary>A blob's or container's metadata is larger than 8 KiB (names and values).</summary>
    MetadataTooLarge,

    /// <summary>A blob has more than 10 index tags.</summary>
    BlobTagsTooMany,

    /// <summary>A blob index tag's key is not 1-128 characters or its value more than 256, or either holds a character other than a-z A-Z 0-9 space + - . / : = _.</summary>
    BlobTagInvalid,
}
