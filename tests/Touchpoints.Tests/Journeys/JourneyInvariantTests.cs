using CsCheck;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Journeys;

/// <summary>
/// Invariants 1 and 2 of the brief on the pure engine: the same set of touchpoints, in any order and batching, with
/// any duplicates, gives byte-identical records. The duplicate check a store makes exactly (the timeline insert) is
/// modelled by a set of seen message ids; the record's own recent-id window is exercised as in production.
/// </summary>
public sealed class JourneyInvariantTests
{
    private static readonly string[] Events =
        ["Product Viewed", "Order Completed", "Order Completed", "Survey Answered", "Ad Clicked", "Referral Sent", "Unknown Thing", "Review Read"];

    private static readonly string[] ChannelPool = ["web", "email", "ads", "social", "search", "direct"];

    private static readonly string[] SegmentPool = ["smb", "enterprise", "vip"];

    // Times on a coarse grid of minutes, so many touchpoints tie on time and the message id breaks the tie.
    private static readonly Gen<Touchpoint> GenTouchpoint =
        Gen.Select(Gen.Int[0, Events.Length], Gen.Int[0, 3000], Gen.Int[0, ChannelPool.Length - 1], Gen.Int[-1, 10], Gen.Int[0, 9], Gen.Int[0, 1_000_000])
            .Select(static (e, minute, channel, nps, segment, id) =>
            {
                var at = Day.AddMinutes(minute * 5);
                var messageId = $"m{id:D7}";
                if (e == Events.Length)
                {
                    return Page(messageId, at, channel: ChannelPool[channel]);
                }

                var properties = Events[e] == "Survey Answered" && nps >= 0 ? $$"""{"nps":{{nps}}}""" : null;
                return Track(messageId, Events[e], at, channel: ChannelPool[channel], properties: properties, segment: segment < SegmentPool.Length ? SegmentPool[segment] : null);
            });

    // A set: one touchpoint per message id.
    private static readonly Gen<Touchpoint[]> GenSet =
        GenTouchpoint.Array[1, 120].Select(static a => a.GroupBy(static t => t.MessageId).Select(static g => g.First()).ToArray());

    [Fact]
    public void Apply_AnyOrderBatchingAndDuplicates_GivesIdenticalBytes()
    {
        Gen.Select(GenSet, Gen.Int, Gen.Int[1, 40], Gen.Int[0, 100])
            .Sample(static (set, seed, batchSize, duplicatePercent) =>
            {
                var reference = Encode(ApplyInOrder(set.OrderBy(static t => t.Timestamp).ThenBy(static t => t.MessageId, StringComparer.Ordinal)));

                var random = new Random(seed);
                var deliveries = set.Concat(set.Where(_ => random.Next(100) < duplicatePercent)).ToArray();
                random.Shuffle(deliveries);
                var actual = Encode(ApplyInBatches(deliveries, batchSize));

                Assert.Equal(reference, actual);
            }, iter: 300);
    }

    [Fact]
    public void Apply_WhenRecordIsPersistedBetweenBatches_GivesIdenticalBytes()
    {
        Gen.Select(GenSet, Gen.Int).Sample(static (set, seed) =>
        {
            var reference = Encode(ApplyInOrder(set));
            var random = new Random(seed);
            var shuffled = set.ToArray();
            random.Shuffle(shuffled);

            // Each batch starts from the decoded bytes, as a writer on another instance would.
            var bytes = Encode(new JourneyRecord(DefaultFunnel, "u1", false));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var batch in shuffled.Chunk(random.Next(1, 10)))
            {
                var record = JourneyRecordCodec.Decode(bytes);
                foreach (var touchpoint in batch.Where(t => seen.Add(t.MessageId)))
                {
                    record.Apply(touchpoint, DefaultFunnel);
                }

                bytes = Encode(record);
            }

            Assert.Equal(reference, bytes);
        }, iter: 200);
    }

    [Fact]
    public void Apply_WhenStageDependsOnOccurrence_CountsMatchAStraightRecount()
    {
        // An independent model: sort by (time, id), rank the orders, and place each touchpoint from scratch.
        GenSet.Sample(static set =>
        {
            var record = ApplyInBatches(set.Reverse().ToArray(), 7);
            var sorted = set.OrderBy(static t => t.Timestamp).ThenBy(static t => t.MessageId, StringComparer.Ordinal).ToList();
            var expected = new int[DefaultFunnel.Stages.Count];
            var orders = 0;
            foreach (var touchpoint in sorted)
            {
                var stage = DefaultFunnel.BaseStage(touchpoint);
                if (touchpoint.Event == "Order Completed" && ++orders >= 2)
                {
                    stage = Math.Max(stage, 3);
                }

                if (stage >= 0)
                {
                    expected[stage]++;
                }
            }

            Assert.Equal(expected, record.Stages.Select(static s => s.Count));
            Assert.Equal(set.Length, record.TouchCount);
        }, iter: 300);
    }

    private static JourneyRecord ApplyInOrder(IEnumerable<Touchpoint> touchpoints)
    {
        var record = new JourneyRecord(DefaultFunnel, "u1", false);
        foreach (var touchpoint in touchpoints)
        {
            record.Apply(touchpoint, DefaultFunnel);
        }

        return record;
    }

    private static JourneyRecord ApplyInBatches(Touchpoint[] deliveries, int batchSize)
    {
        var record = new JourneyRecord(DefaultFunnel, "u1", false);
        var timeline = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in deliveries.Chunk(batchSize))
        {
            foreach (var touchpoint in batch)
            {
                // The store's exact check: the timeline row exists.
                if (timeline.Add(touchpoint.MessageId))
                {
                    Assert.True(record.Apply(touchpoint, DefaultFunnel));
                }
            }
        }

        return record;
    }

    private static byte[] Encode(JourneyRecord record) => JourneyRecordCodec.Encode(record);
}
