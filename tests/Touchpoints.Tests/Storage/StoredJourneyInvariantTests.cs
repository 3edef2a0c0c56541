using Touchpoints.Ingest;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// Invariants 1 and 2 end to end on Azurite: the same touchpoints, including an anonymous history and the identify that
/// links it, delivered in different orders and batches, with replays, by different writers, store identical bytes.
/// </summary>
public sealed class StoredJourneyInvariantTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task WriteAsync_AnyOrderBatchingAndReplays_StoreIdenticalJourneys(int seed)
    {
        // Arrange: two customers, each anonymous before an identify, with repeat orders and a survey.
        var random = new Random(seed);
        var set = new List<Touchpoint>();
        foreach (var customer in new[] { "alice", "bob" })
        {
            var device = $"{customer}-device";
            for (var i = 0; i < 45; i++)
            {
                var at = Day.AddMinutes(random.Next(0, 5000));
                var known = random.Next(3) == 0;
                set.Add(random.Next(6) switch
                {
                    0 => Page($"{customer}-{i}", at, userId: known ? customer : null, anonymousId: known ? null : device, channel: random.Next(2) == 0 ? "ads" : "social"),
                    1 => Track($"{customer}-{i}", "Order Completed", at, userId: known ? customer : null, anonymousId: known ? null : device, channel: "email"),
                    2 => Track($"{customer}-{i}", "Survey Answered", at, userId: customer, properties: $$"""{"nps":{{random.Next(11)}}}"""),
                    _ => Track($"{customer}-{i}", "Product Viewed", at, userId: known ? customer : null, anonymousId: known ? null : device, segment: random.Next(4) == 0 ? "vip" : null),
                });
            }

            set.Add(Identify($"{customer}-identify", Day.AddMinutes(random.Next(0, 5000)), customer, device));
        }

        var reference = new StorageTestContext(azurite);
        await reference.NewWriter().WriteAsync(set, TestContext.Current.CancellationToken);

        // Act: shuffled, in random batches, a fifth of it replayed, alternating between two writers (two instances).
        var deliveries = set.Concat(set.Where(_ => random.Next(5) == 0)).ToArray();
        random.Shuffle(deliveries);
        var actual = new StorageTestContext(azurite);
        var writers = new[] { actual.NewWriter(), actual.NewWriter() };
        var offset = 0;
        for (var batch = 0; offset < deliveries.Length; batch++)
        {
            var size = random.Next(1, 25);
            await writers[batch % 2].WriteAsync(deliveries.Skip(offset).Take(size).ToArray(), TestContext.Current.CancellationToken);
            offset += size;
        }

        // Assert
        foreach (var customer in new[] { "alice", "bob" })
        {
            var expected = (await reference.ReadJourneyAsync(customer))!.Value;
            Assert.Equal(expected.Bytes, (await actual.ReadJourneyAsync(customer))!.Value.Bytes);
            Assert.Equal(46, expected.Record.TouchCount);
            Assert.Null(await actual.ReadJourneyAsync($"{customer}-device", anonymous: true));
        }
    }
}
