using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Touchpoints.Ingest;

namespace Touchpoints.Benchmarks.Workloads;

/// <summary>
/// A seeded mix of touchpoints over a month, shaped like real traffic (mostly views, some orders), as Segment
/// messages: the bytes an Event Hubs event or an HTTP request carries, and the touchpoints they read as.
/// </summary>
internal sealed class Workload
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public const int Days = 30;

    private static readonly string[] Events = ["Product Viewed", "Product Viewed", "Product Viewed", "Product Added", "Order Completed", "Ad Clicked", "Email Opened", "Review Read"];

    private static readonly string[] ChannelPool = ["web", "email", "ads", "social", "search"];

    private Workload(Touchpoint[] touchpoints, byte[][] messages, int customers)
    {
        Touchpoints = touchpoints;
        Messages = messages;
        Customers = customers;
    }

    /// <summary>The touchpoints, as the reader makes them of <see cref="Messages"/>.</summary>
    public Touchpoint[] Touchpoints { get; }

    /// <summary>Each touchpoint as one Segment message in UTF-8 JSON.</summary>
    public byte[][] Messages { get; }

    public int Customers { get; }

    public int Count => Touchpoints.Length;

    /// <summary>When Event Hubs "received" the messages: after every event time, so no skew correction applies.</summary>
    public static DateTimeOffset ReceivedAt => Start.AddDays(Days);

    /// <summary>The average message size in bytes: what Event Hubs bills and throttles by.</summary>
    public double AverageMessageBytes => Messages.Average(static m => m.Length);

    public static Workload Create(int count, int customers, int seed, string prefix = "m")
    {
        var random = new Random(seed);
        var touchpoints = new Touchpoint[count];
        var messages = new byte[count][];
        var buffer = new ArrayBufferWriter<byte>(512);
        for (var i = 0; i < count; i++)
        {
            var customer = $"customer-{random.Next(customers):D7}";
            var at = Start.AddSeconds(random.Next(Days * 86_400));
            var page = random.Next(100) < 20;
            var name = page ? "Home" : Events[random.Next(Events.Length)];
            var channel = ChannelPool[random.Next(ChannelPool.Length)];
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("type", page ? "page" : "track");
                writer.WriteString(page ? "name" : "event", name);
                writer.WriteString("userId", customer);
                writer.WriteString("messageId", string.Create(CultureInfo.InvariantCulture, $"{prefix}-{seed}-{i}"));
                writer.WriteString("timestamp", at);
                writer.WriteStartObject("context");
                writer.WriteString("channel", channel);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            messages[i] = buffer.WrittenSpan.ToArray();
            var payload = TouchpointReader.Read(messages[i], impliedType: null, ReceivedAt);
            touchpoints[i] = payload.IsValid && payload.Touchpoints.Count == 1
                ? payload.Touchpoints[0]
                : throw new InvalidOperationException($"The workload's message {i} does not read as one touchpoint: {string.Join("; ", payload.Errors)}");
        }

        return new Workload(touchpoints, messages, customers);
    }

    /// <summary>The messages as Event Hubs batches of <paramref name="batchSize"/> events, one message per event.</summary>
    public IEnumerable<EventHubEvent[]> EventBatches(int batchSize)
    {
        var sequence = 0L;
        foreach (var chunk in Messages.Chunk(batchSize))
        {
            var events = new EventHubEvent[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                events[i] = new EventHubEvent { Body = chunk[i], EnqueuedTime = ReceivedAt, SequenceNumber = sequence++, PartitionId = "0" };
            }

            yield return events;
        }
    }

    /// <summary>Touchpoints per distinct customer in a batch, averaged over the batches.</summary>
    public double TouchpointsPerCustomerPerBatch(int batchSize) =>
        Touchpoints.Chunk(batchSize).Average(static batch => batch.Length / (double)batch.Select(static t => t.CustomerId).Distinct(StringComparer.Ordinal).Count());
}
