using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// An erase racing writes and identity merges on the same customer, on other instances (own caches): afterwards no
/// row holds erased history, and what is stored is consistent (every journey counts exactly its timeline rows, every
/// timeline belongs to a journey, every identity link to a stored user). Writes that land after the erase are a new
/// history, which is allowed to exist.
/// </summary>
public sealed class EraseRaceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EraseAsync_WhenWritesAndMergesRaceIt_LeavesNoOrphanRowsAndNoErasedHistory()
    {
        var token = TestContext.Current.CancellationToken;
        for (var round = 0; round < 6; round++)
        {
            // Arrange: a user with history of its own and of two linked devices, all acknowledged; every instance has
            // it cached. A third device has anonymous history that a racing identify will claim.
            var context = new StorageTestContext(azurite, buckets: 2);
            var user = $"erase-race-{round}";
            var (device1, device2, device3) = ($"{user}-d1", $"{user}-d2", $"{user}-d3");
            var history = new List<Touchpoint>
            {
                Page($"h{round}-1", Day, userId: null, anonymousId: device1),
                Identify($"h{round}-2", Day.AddMinutes(1), user, device1),
                Track($"h{round}-3", "Product Viewed", Day.AddMinutes(2), userId: user),
                Page($"h{round}-4", Day.AddMinutes(3), userId: null, anonymousId: device2),
                Identify($"h{round}-5", Day.AddMinutes(4), user, device2),
                Track($"h{round}-6", "Order Completed", Day.AddMinutes(5), userId: null, anonymousId: device2),
            };
            var writers = Enumerable.Range(0, 3).Select(_ => context.NewWriter()).ToArray();
            await writers[0].WriteAsync(history, token);
            await writers[1].WriteAsync([Page($"d3-{round}-1", Day.AddMinutes(6), userId: null, anonymousId: device3)], token);
            for (var w = 0; w < writers.Length; w++)
            {
                await writers[w].WriteAsync([Track($"warm-{round}-{w}", "Product Viewed", Day.AddMinutes(7), userId: user)], token);
            }

            var erased = (await StoredState.ReadAsync(context.Client, token)).Timelines.Values.SelectMany(static ids => ids).ToHashSet(StringComparer.Ordinal);
            erased.Remove($"d3-{round}-1");

            // Act: the erase, while one instance writes to the user and its devices and another claims the third device.
            var later = Enumerable.Range(0, 12)
                .Select(i => (i % 3) switch
                {
                    0 => Track($"n{round}-{i}", "Product Viewed", Day.AddMinutes(10 + i), userId: user),
                    1 => Page($"n{round}-{i}", Day.AddMinutes(10 + i), userId: null, anonymousId: device1),
                    _ => Track($"n{round}-{i}", "Review Written", Day.AddMinutes(10 + i), userId: null, anonymousId: device2),
                })
                .ToArray();
            await Task.WhenAll(
                Task.Run(() => context.NewStore().EraseAsync(user, token), token),
                Task.Run(async () =>
                {
                    foreach (var touchpoint in later)
                    {
                        await writers[1].WriteAsync([touchpoint], token);
                    }
                }, token),
                Task.Run(() => writers[2].WriteAsync([Identify($"claim-{round}", Day.AddMinutes(30), user, device3)], token), token));

            // Assert
            var stored = await StoredState.ReadAsync(context.Client, token);
            var rows = stored.Timelines.Values.SelectMany(static ids => ids).ToList();
            Assert.DoesNotContain(rows, erased.Contains);
            foreach (var (customer, journey) in stored.Journeys)
            {
                var count = stored.Timelines.TryGetValue(customer, out var ids) ? ids.Count : 0;
                Assert.True(journey.Record.TouchCount == count, $"round {round}: {customer} counts {journey.Record.TouchCount}, its timeline holds {count}");
            }

            Assert.All(stored.Timelines.Keys, customer => Assert.True(stored.Journeys.ContainsKey(customer), $"round {round}: {customer} has timeline rows and no journey"));
            await foreach (var link in context.Client.QueryAsync<TableEntity>("RowKey ge 'i|' and RowKey lt 'i}'", cancellationToken: token))
            {
                var userKey = link.GetString(IdentityEntity.UserKeyProperty);
                Assert.True(stored.Journeys.ContainsKey(userKey), $"round {round}: a link to {userKey}, which has no journey");
            }
        }
    }
}
