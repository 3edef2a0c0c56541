using Touchpoints.Ingest;

namespace Touchpoints.Benchmarks;

/// <summary>A seeded mix of touchpoints over a month, shaped like real traffic: mostly views, some orders and surveys.</summary>
internal sealed class Workload
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public const int Days = 30;

    private static readonly string[] Events = ["Product Viewed", "Product Viewed", "Product Viewed", "Product Added", "Order Completed", "Ad Clicked", "Email Opened", "Review Read"];

    private static readonly string[] ChannelPool = ["web", "email", "ads", "social", "search"];

    private Workload(Touchpoint[] touchpoints) => Touchpoints = touchpoints;

    public Touchpoint[] Touchpoints { get; }

    public static Workload Create(int count, int customers, int seed, string prefix = "m")
    {
        var random = new Random(seed);
        var touchpoints = new Touchpoint[count];
        for (var i = 0; i < count; i++)
        {
            var customer = $"customer-{random.Next(customers):D6}";
            var at = Start.AddSeconds(random.Next(Days * 86_400));
            var roll = random.Next(100);
            touchpoints[i] = roll < 20
                ? new Touchpoint { MessageId = $"{prefix}-{i}", Type = TouchpointType.Page, Event = "Home", UserId = customer, Timestamp = at, Channel = ChannelPool[random.Next(ChannelPool.Length)] }
                : new Touchpoint { MessageId = $"{prefix}-{i}", Type = TouchpointType.Track, Event = Events[random.Next(Events.Length)], UserId = customer, Timestamp = at, Channel = ChannelPool[random.Next(ChannelPool.Length)] };
        }

        return new Workload(touchpoints);
    }

    /// <summary>Journey rows saved by customers appearing more than once in a batch (one journey write covers them all).</summary>
    public double RepeatsWithinBatches(int batchSize) =>
        Touchpoints.Chunk(batchSize).Sum(static batch => batch.Length - batch.Select(static t => t.CustomerId).Distinct().Count());
}
