using System.Globalization;
using System.Text;
using Touchpoints.Ingest;
using Touchpoints.Storage;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// Seeded Event Hubs events for the fault tests, and the oracle computed from them alone: the distinct message ids of
/// each customer. Events hold one message or an array of up to three; about one message in ten is a redelivery of an
/// earlier one (same id and content, a later event), and about one event in a hundred is invalid (no user or
/// anonymous id), which the handler dead-letters.
/// </summary>
internal sealed class FaultWorkload
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Events = ["Ad Clicked", "Product Viewed", "Checkout Started", "Order Completed", "Review Written", "Subscription Renewed"];

    private FaultWorkload(List<EventHubEvent> events, Dictionary<string, HashSet<string>> expected, Dictionary<string, string> customerOf, int invalidEvents)
    {
        All = events;
        Expected = expected;
        CustomerOf = customerOf;
        InvalidEvents = invalidEvents;
    }

    /// <summary>Every event, in the order a partition would hold them.</summary>
    public IReadOnlyList<EventHubEvent> All { get; }

    /// <summary>The oracle: each customer key's distinct message ids.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Expected { get; }

    /// <summary>Each valid message id's customer key.</summary>
    public IReadOnlyDictionary<string, string> CustomerOf { get; }

    /// <summary>How many events are invalid.</summary>
    public int InvalidEvents { get; }

    /// <summary>How many distinct valid message ids there are.</summary>
    public int DistinctMessages => CustomerOf.Count;

    /// <summary>Creates the events; with <paramref name="identifies"/>, about one anonymous id in four is claimed by one identify of a user.</summary>
    public static FaultWorkload Create(int seed, int messages, int customers, bool identifies = false)
    {
        var random = new Random(seed);
        var events = new List<EventHubEvent>();
        var expected = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var customerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var sent = new List<string>();
        var invalid = 0;
        var made = 0;
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        while (made < messages)
        {
            string body;
            if (random.Next(100) == 0)
            {
                body = $$"""{"type":"track","event":"No Id","messageId":"bad-{{events.Count}}"}""";
                invalid++;
            }
            else
            {
                var parts = new List<string>();
                var count = random.Next(1, 4);
                for (var i = 0; i < count && made < messages; i++, made++)
                {
                    if (sent.Count > 0 && random.Next(10) == 0)
                    {
                        parts.Add(sent[random.Next(sent.Count)]);
                        continue;
                    }

                    var id = $"f{made:D5}";
                    var anonymous = random.Next(5) == 0;
                    var customer = $"c{random.Next(customers):D4}";
                    var who = anonymous ? $"\"anonymousId\":\"{customer}\"" : $"\"userId\":\"{customer}\"";
                    var at = Start.AddMinutes(random.Next(60 * 24 * 20)).ToString("O", CultureInfo.InvariantCulture);
                    var message = random.Next(4) == 0
                        ? $$"""{"type":"page",{{who}},"name":"Home","messageId":"{{id}}","timestamp":"{{at}}"}"""
                        : $$"""{"type":"track",{{who}},"event":"{{Events[random.Next(Events.Length)]}}","messageId":"{{id}}","timestamp":"{{at}}"}""";
                    var key = TableKeys.Customer(customer, anonymous);
                    if (!expected.TryGetValue(key, out var ids))
                    {
                        expected[key] = ids = new HashSet<string>(StringComparer.Ordinal);
                    }

                    ids.Add(id);
                    customerOf[id] = key;
                    sent.Add(message);
                    parts.Add(message);

                    // One claim per anonymous id, so the earliest claim is the only one and the oracle needs no times.
                    if (identifies && anonymous && !claims.ContainsKey(key) && random.Next(4) == 0 && ++made < messages)
                    {
                        var user = $"c{random.Next(customers):D4}";
                        var claimId = $"f{made:D5}";
                        var identify = $$"""{"type":"identify","userId":"{{user}}","anonymousId":"{{customer}}","messageId":"{{claimId}}","timestamp":"{{at}}"}""";
                        var userKey = TableKeys.Customer(user, anonymous: false);
                        claims[key] = userKey;
                        if (!expected.TryGetValue(userKey, out var userIds))
                        {
                            expected[userKey] = userIds = new HashSet<string>(StringComparer.Ordinal);
                        }

                        userIds.Add(claimId);
                        customerOf[claimId] = userKey;
                        sent.Add(identify);
                        parts.Add(identify);
                    }
                }

                body = parts.Count == 1 && random.Next(2) == 0 ? parts[0] : "[" + string.Join(",", parts) + "]";
            }

            events.Add(new EventHubEvent
            {
                Body = Encoding.UTF8.GetBytes(body),
                EnqueuedTime = Start.AddDays(21).AddSeconds(events.Count),
                SequenceNumber = events.Count,
                PartitionId = "0",
            });
        }

        // A claimed anonymous id's history, before or after its claim, is its user's.
        foreach (var (anonymousKey, userKey) in claims)
        {
            foreach (var id in expected[anonymousKey])
            {
                expected[userKey].Add(id);
                customerOf[id] = userKey;
            }

            expected.Remove(anonymousKey);
        }

        return new FaultWorkload(events, expected, customerOf, invalid);
    }

    /// <summary>The events cut into consecutive batches of sizes drawn between the bounds.</summary>
    public static List<EventHubEvent[]> Split(IReadOnlyList<EventHubEvent> events, Random random, int smallest, int largest)
    {
        var batches = new List<EventHubEvent[]>();
        for (var i = 0; i < events.Count;)
        {
            var size = Math.Min(random.Next(smallest, largest + 1), events.Count - i);
            batches.Add(events.Skip(i).Take(size).ToArray());
            i += size;
        }

        return batches;
    }
}
