using System.Text.Json;
using Touchpoints.Storage;
using Touchpoints.Storage.Writing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage.Writing;

public sealed class CustomerActionBuilderTests
{
    private static readonly CustomerActionBuilder Builder = new(StorageTestContext.Catalog);

    [Fact]
    public void Build_WhenOneCustomersMessagesPassTheByteBudget_TakesOnlyWhatFits()
    {
        // Arrange: 99 messages of about 32 KB: under 100 actions, over 4 MiB.
        var customer = Customer(Enumerable.Range(0, 99).Select(i => Track($"m{i:D2}", "Product Viewed", Day.AddMinutes(i), properties: $$"""{"note":"{{new string('n', 32_000)}}"}""")));

        // Act
        var unit = Builder.Build("b000", customer, [default], new WriteOutcomes(99));

        // Assert: a prefix, within the budget, with its journey row last.
        Assert.InRange(unit.Timeline.Count, 50, 98);
        Assert.True(unit.Bytes <= TransactionPacker.MaxBytes, $"{unit.Bytes} bytes");
        Assert.Equal(unit.Timeline.Count + 1, unit.Actions.Count);
        Assert.Equal(customer.Pending.Take(unit.Items.Count), unit.Items);
    }

    [Fact]
    public void Build_WhenTheRoundIsLimited_TakesThatMany()
    {
        var customer = Customer(Enumerable.Range(0, 10).Select(i => Track($"m{i}", "Product Viewed", Day.AddMinutes(i))));
        customer.RoundLimit = 3;

        var unit = Builder.Build("b000", customer, [default], new WriteOutcomes(10));

        Assert.Equal(3, unit.Timeline.Count);
    }

    [Fact]
    public void Build_WhenATouchpointCannotBeEncoded_RejectsItAloneWithTheReason()
    {
        // Arrange: properties whose document is gone, so writing them throws as a broken value would.
        var outcomes = new WriteOutcomes(3);
        JsonElement gone;
        using (var document = JsonDocument.Parse("""{"a":1}"""))
        {
            gone = document.RootElement;
        }

        var customer = Customer([Track("ok1", "Product Viewed", Day), Track("bad", "Product Viewed", Day.AddMinutes(1)) with { Properties = gone }, Track("ok2", "Product Viewed", Day.AddMinutes(2))]);

        // Act
        var unit = Builder.Build("b000", customer, [default], outcomes);

        // Assert
        Assert.Equal(["ok1", "ok2"], unit.Timeline.Select(static i => i.Touchpoint.MessageId));
        Assert.Null(outcomes.Rejections[0]);
        Assert.StartsWith("it could not be encoded for storage", outcomes.Rejections[1], StringComparison.Ordinal);
    }

    private static CustomerWork Customer(IEnumerable<Touchpoints.Ingest.Touchpoint> touchpoints)
    {
        var customer = new CustomerWork("u:u1", "u1", anonymous: false);
        var index = 0;
        foreach (var touchpoint in touchpoints)
        {
            customer.Add(new WorkItem(touchpoint, index++, "u:u1", "u1", Anonymous: false));
        }

        return customer;
    }
}
