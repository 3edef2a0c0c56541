using Azure.Data.Tables;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage.Rules;

/// <summary>The policy refuses a filter of more than 15 comparisons, and classifies and counts every query by how Azure answers it.</summary>
public sealed class QueryRulesPolicyTests(AzuriteFixture azurite)
{
    public static TheoryData<string, QueryKind> Filters => new()
    {
        { "PartitionKey eq 'b000' and RowKey eq 'r1'", QueryKind.PointRead },
        { "(RowKey eq 'r1') and (PartitionKey eq 'b000')", QueryKind.PointRead },
        { "PartitionKey eq 'b000' and RowKey ge 'r' and RowKey lt 's'", QueryKind.RangeQuery },
        { "PartitionKey eq 'b000' and (RowKey gt 'r' and RowKey le 's')", QueryKind.RangeQuery },
        { "PartitionKey eq 'b000' and 'r' le RowKey", QueryKind.RangeQuery },
        { "PartitionKey eq 'b000'", QueryKind.PartitionScan },
        { "PartitionKey eq 'b000' and X eq 1", QueryKind.PartitionScan },
        { "PartitionKey eq 'b000' and (RowKey eq 'r1' or RowKey eq 'r2')", QueryKind.PartitionScan },
        { "PartitionKey eq 'b000' and RowKey ne 'r1'", QueryKind.PartitionScan },
        { "RowKey eq 'r1'", QueryKind.TableScan },
        { "PartitionKey ge 'b000' and PartitionKey lt 'b001'", QueryKind.TableScan },
        { "PartitionKey eq 'b000' or PartitionKey eq 'b001'", QueryKind.TableScan },
        { "(PartitionKey eq 'b000' and RowKey eq 'r1') or (PartitionKey eq 'b000' and RowKey eq 'r2')", QueryKind.TableScan },
        { "X eq 'PartitionKey eq ''b000'''", QueryKind.TableScan },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Query_WhenSent_IsCountedAsTheKindAzureAnswersItWith(string filter, QueryKind kind)
    {
        // Arrange
        var table = await new RulesTestTable(azurite).CreatedAsync();

        // Act
        await foreach (var _ in table.Checked.QueryAsync<TableEntity>(filter, cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        // Assert
        var counts = table.Rules.Counts;
        Assert.Equal(
            (kind == QueryKind.PointRead ? 1 : 0, kind == QueryKind.RangeQuery ? 1 : 0, kind == QueryKind.PartitionScan ? 1 : 0, kind == QueryKind.TableScan ? 1 : 0),
            ((int)counts.PointReads, (int)counts.RangeQueries, (int)counts.PartitionScans, (int)counts.TableScans));
    }

    [Fact]
    public async Task GetEntity_WhenAddressedByKeys_IsAPointRead()
    {
        var table = await new RulesTestTable(azurite).CreatedAsync();
        await table.Unchecked.AddEntityAsync(new TableEntity("b000", "it's"), TestContext.Current.CancellationToken);

        var found = await table.Checked.GetEntityIfExistsAsync<TableEntity>("b000", "it's", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(found.HasValue);
        Assert.Equal((1, 0L), (table.Rules.Counts.PointReads, table.Rules.Counts.Scans));
    }

    [Fact]
    public async Task Query_WhenAnswered_CountsTheEntitiesReadByKindAndTheWidestRange()
    {
        // Arrange
        var table = await new RulesTestTable(azurite).CreatedAsync();
        foreach (var row in new[] { "j|f|a", "j|f|b", "j|f|c", "t|a|1" })
        {
            await table.Unchecked.AddEntityAsync(new TableEntity("b000", row), TestContext.Current.CancellationToken);
        }

        // Act: a range as wide as the partition's journey rows, a narrow one, a point read and a scan.
        await foreach (var _ in table.Checked.QueryAsync<TableEntity>("PartitionKey eq 'b000' and RowKey ge 'j|' and RowKey lt 'j}'", cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        await foreach (var _ in table.Checked.QueryAsync<TableEntity>("PartitionKey eq 'b000' and RowKey ge 't|a|' and RowKey lt 't|a}'", cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        await table.Checked.GetEntityAsync<TableEntity>("b000", "t|a|1", cancellationToken: TestContext.Current.CancellationToken);
        await foreach (var _ in table.Checked.QueryAsync<TableEntity>("PartitionKey eq 'b000'", cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        // Assert
        var counts = table.Rules.Counts;
        Assert.Equal((1L, 4L, 3L, 4L), (counts.PointReadEntities, counts.RangeEntities, counts.LargestRange, counts.ScanEntities));
    }

    [Fact]
    public async Task Query_WhenThereIsNoFilter_IsATableScanNamedInRecentScans()
    {
        var table = await new RulesTestTable(azurite).CreatedAsync();

        await foreach (var _ in table.Checked.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal(1, table.Rules.Counts.TableScans);
        Assert.Contains(table.Rules.Counts.RecentScans, s => s.StartsWith("TableScan of " + table.Checked.Name, StringComparison.Ordinal));
        table.Rules.Counts.Reset();
        Assert.Equal(0, table.Rules.Counts.TableScans);
        Assert.Empty(table.Rules.Counts.RecentScans);
    }

    [Fact]
    public async Task Query_WhenScansAreConfiguredToFail_FailsTheScanRule()
    {
        var table = await new RulesTestTable(azurite, failOnScans: true).CreatedAsync();

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(async () =>
        {
            await foreach (var _ in table.Checked.QueryAsync<TableEntity>("PartitionKey eq 'b000'", cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Equal(AzureStorageRule.Scan, ex.Rule);
        Assert.Equal("b000", ex.PartitionKey);
        await foreach (var _ in table.Checked.QueryAsync<TableEntity>("PartitionKey eq 'b000' and RowKey ge 'a'", cancellationToken: TestContext.Current.CancellationToken))
        {
        }
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(17, true)]
    public async Task Query_WhenTheFilterHoldsManyComparisons_FailsOver15(int comparisons, bool fails)
    {
        // Arrange: the writer's duplicate lookup shape, a partition and row keys joined by 'or'.
        var table = await new RulesTestTable(azurite).CreatedAsync();
        var filter = "PartitionKey eq 'b000' and (" + string.Join(" or ", Enumerable.Range(0, comparisons - 1).Select(static i => $"RowKey eq 'r{i}'")) + ")";

        // Act
        var query = async () =>
        {
            await foreach (var _ in table.Checked.QueryAsync<TableEntity>(filter, cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        };

        // Assert
        if (fails)
        {
            var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(query);
            Assert.Equal(AzureStorageRule.FilterTooManyComparisons, ex.Rule);
            Assert.Contains($"{comparisons} comparisons", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            await query();
            Assert.Equal(1, table.Rules.Counts.PartitionScans);
        }
    }
}
