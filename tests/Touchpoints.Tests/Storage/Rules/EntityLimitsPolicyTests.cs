using Azure.Data.Tables;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage.Rules;

/// <summary>The policy refuses an entity that breaks one of Azure's entity limits before the request leaves, and lets a valid one through.</summary>
public sealed class EntityLimitsPolicyTests(AzuriteFixture azurite)
{
    public static TheoryData<string, AzureStorageRule> BrokenEntities => new()
    {
        { "string-32769", AzureStorageRule.StringPropertyTooLarge },
        { "binary-65537", AzureStorageRule.BinaryPropertyTooLarge },
        { "entity-over-1MiB", AzureStorageRule.EntityTooLarge },
        { "253-properties", AzureStorageRule.TooManyProperties },
        { "long-property-name", AzureStorageRule.PropertyNameTooLong },
        { "partition-513", AzureStorageRule.KeyTooLong },
        { "row-513", AzureStorageRule.KeyTooLong },
        { "row-slash", AzureStorageRule.KeyHasForbiddenCharacter },
        { "row-backslash", AzureStorageRule.KeyHasForbiddenCharacter },
        { "row-hash", AzureStorageRule.KeyHasForbiddenCharacter },
        { "row-question", AzureStorageRule.KeyHasForbiddenCharacter },
        { "row-U+0001", AzureStorageRule.KeyHasForbiddenCharacter },
        { "partition-U+0085", AzureStorageRule.KeyHasForbiddenCharacter },
    };

    public static TheoryData<string> ValidEntities => new() { "string-32768", "binary-65536", "252-properties", "keys-512" };

    [Theory]
    [MemberData(nameof(BrokenEntities))]
    public async Task AddEntity_WhenTheEntityBreaksALimit_FailsThatRuleAndNothingReachesAzurite(string shape, AzureStorageRule rule)
    {
        // Arrange
        var table = await new RulesTestTable(azurite).CreatedAsync();
        var entity = Build(shape);

        // Act
        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.AddEntityAsync(entity, TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(rule, ex.Rule);
        Assert.Contains(rule.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(table.Checked.Name, ex.Table);
        Assert.Empty(await table.StoredRowsAsync());
    }

    [Theory]
    [MemberData(nameof(BrokenEntities))]
    public async Task UpsertEntity_WhenTheEntityBreaksALimit_FailsThatRule(string shape, AzureStorageRule rule)
    {
        var table = await new RulesTestTable(azurite).CreatedAsync();

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.UpsertEntityAsync(Build(shape), TableUpdateMode.Merge, TestContext.Current.CancellationToken));

        Assert.Equal(rule, ex.Rule);
    }

    [Theory]
    [MemberData(nameof(ValidEntities))]
    public async Task AddEntity_WhenTheEntityIsAtALimit_IsStored(string shape)
    {
        // Arrange
        var table = await new RulesTestTable(azurite).CreatedAsync();

        // Act
        await table.Checked.AddEntityAsync(Build(shape), TestContext.Current.CancellationToken);

        // Assert
        Assert.Single(await table.StoredRowsAsync());
        Assert.Equal(1, table.Rules.Counts.EntitiesAdded);
    }

    [Fact]
    public async Task DeleteEntity_WhenTheRowKeyHoldsAForbiddenCharacter_FailsTheKeyRule()
    {
        var table = await new RulesTestTable(azurite).CreatedAsync();

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.DeleteEntityAsync("p", "a#b", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.KeyHasForbiddenCharacter, ex.Rule);
        Assert.Equal("a#b", ex.RowKey);
    }

    [Fact]
    public async Task CreateTable_WhenTheNameIsInvalid_FailsTheTableNameRule()
    {
        var client = azurite.Server.CreateTableServiceClient(new AzureStorageRules()).GetTableClient("no");

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => client.CreateIfNotExistsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.TableNameInvalid, ex.Rule);
    }

    internal static TableEntity Build(string shape)
    {
        var entity = new TableEntity("p", "r");
        switch (shape)
        {
            case "string-32768":
                entity["S"] = new string('x', 32 * 1024);
                break;
            case "string-32769":
                entity["S"] = new string('x', (32 * 1024) + 1);
                break;
            case "binary-65536":
                entity["B"] = new byte[64 * 1024];
                break;
            case "binary-65537":
                entity["B"] = new byte[(64 * 1024) + 1];
                break;
            case "entity-over-1MiB":
                for (var i = 0; i < 16; i++)
                {
                    entity["B" + i] = new byte[64 * 1024];
                }

                break;
            case "252-properties":
            case "253-properties":
                for (var i = 0; i < (shape == "252-properties" ? 252 : 253); i++)
                {
                    entity["P" + i] = i;
                }

                break;
            case "long-property-name":
                entity["P" + new string('x', 255)] = 1;
                break;
            case "keys-512":
                entity.PartitionKey = new string('p', 512);
                entity.RowKey = new string('r', 512);
                break;
            case "partition-513":
                entity.PartitionKey = new string('p', 513);
                break;
            case "row-513":
                entity.RowKey = new string('r', 513);
                break;
            case "row-slash":
                entity.RowKey = "a/b";
                break;
            case "row-backslash":
                entity.RowKey = "a\\b";
                break;
            case "row-hash":
                entity.RowKey = "a#b";
                break;
            case "row-question":
                entity.RowKey = "a?b";
                break;
            case "row-U+0001":
                entity.RowKey = "a\u0001b";
                break;
            case "partition-U+0085":
                entity.PartitionKey = "a\u0085b";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }

        return entity;
    }
}
