using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Touchpoints.Cli.Synthetic;

/// <summary>
/// A seeded generator of realistic customer journeys through the default funnel, as Segment messages: anonymous page
/// views from a first-touch channel (UTM <c>context.campaign</c> or <c>context.channel</c>), browsing, an identify that
/// links the anonymous id and sets <c>traits.segment</c>, checkouts and orders, repeat orders (retention), reviews and
/// referrals (advocacy), NPS and CSAT answers, and drop-offs at every stage. The same arguments always give the same
/// messages, in event-time order.
/// </summary>
internal sealed class JourneyGenerator
{
    private static readonly (string Channel, double Weight, string? Medium, string? Source)[] FirstTouch =
    [
        ("ads", 0.24, "cpc", "google"),
        ("search", 0.20, "organic", "google"),
        ("social", 0.18, "social", "instagram"),
        ("email", 0.14, "email", "newsletter"),
        ("referral", 0.08, "referral", "partner-blog"),
        ("direct", 0.10, null, null),
        ("web", 0.06, null, null),
    ];

    private static readonly (string Name, double Weight)[] Segments = [("consumer", 0.5), ("smb", 0.25), ("enterprise", 0.1), ("student", 0.15)];
    private static readonly string[] Pages = ["Home", "Landing", "Blog Post", "About", "Pricing"];
    private static readonly string[] Browsing = ["Product Viewed", "Products Searched", "Product List Viewed", "Review Read", "Product Added", "Pricing Viewed"];
    private static readonly string[] Products = ["sku-100", "sku-200", "sku-300", "sku-400", "sku-500"];

    private readonly int _seed;
    private readonly int _customers;
    private readonly long _startMs;
    private readonly long _endMs;

    public JourneyGenerator(int seed, int customers, int days, DateOnly end)
    {
        _seed = seed;
        _customers = customers;
        _endMs = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        _startMs = _endMs - (days * 86_400_000L);
    }

    /// <summary>The first day journeys may start on.</summary>
    public DateOnly Start => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(_startMs).UtcDateTime);

    /// <summary>Every message, by event time (ties by message id).</summary>
    public IReadOnlyList<GeneratedMessage> Generate()
    {
        var messages = new List<GeneratedMessage>(_customers * 10);
        for (var i = 0; i < _customers; i++)
        {
            // One random stream per person: adding people never changes the ones before.
            new Person(this, i, new Random(unchecked((_seed * 1_000_003) + i)), messages).Walk();
        }

        messages.Sort(static (a, b) => a.AtMs != b.AtMs ? a.AtMs.CompareTo(b.AtMs) : string.CompareOrdinal(a.Json, b.Json));
        return messages;
    }

    private sealed class Person(JourneyGenerator generator, int index, Random random, List<GeneratedMessage> output)
    {
        private readonly string _userId = $"user-{index:D6}";
        private readonly string _anonymousId = $"anon-{generator._seed}-{index:D6}";
        private int _sequence;
        private bool _identified;
        private long _at;

        public void Walk()
        {
            var (channel, _, medium, source) = Pick(FirstTouch, static f => f.Weight);
            // Journeys start during the day, mostly between 07:00 and 23:00 UTC.
            var day = random.Next((int)((generator._endMs - generator._startMs) / 86_400_000L));
            _at = generator._startMs + (day * 86_400_000L) + (long)((7 + (random.NextDouble() * 16)) * 3_600_000);

            // Awareness: an ad click or email open, then one to three page views, all anonymous.
            if (channel == "ads" && random.NextDouble() < 0.6 && !Emit("track", "Ad Clicked", channel, medium, source, null, null))
            {
                return;
            }

            if (channel == "email" && !Emit("track", "Email Opened", channel, medium, source, null, null))
            {
                return;
            }

            var views = 1 + random.Next(3);
            for (var v = 0; v < views; v++)
            {
                if (!Emit("page", Pages[random.Next(Pages.Length)], v == 0 ? channel : "web", v == 0 ? medium : null, v == 0 ? source : null, null, null))
                {
                    return;
                }

                Wait(30, 1_800);
            }

            // Some people sign up early even without browsing further.
            if (random.NextDouble() < 0.25 && !Identify())
            {
                return;
            }

            if (random.NextDouble() > 0.62)
            {
                return; // Dropped off in awareness.
            }

            Wait(600, 3 * 86_400);
            var browsing = 1 + random.Next(5);
            for (var b = 0; b < browsing; b++)
            {
                var name = Browsing[random.Next(Browsing.Length)];
                if (!Emit("track", name, "web", null, null, Product(), null))
                {
                    return;
                }

                Wait(20, 3_600);
            }

            if (random.NextDouble() > 0.48)
            {
                if (random.NextDouble() < 0.3)
                {
                    Identify();
                }

                return; // Dropped off in consideration.
            }

            Wait(300, 5 * 86_400);
            if (!Identify() || !Emit("track", "Checkout Started", "web", null, null, Product(), null))
            {
                return;
            }

            Wait(60, 1_200);
            if (random.NextDouble() < 0.15)
            {
                return; // Abandoned the checkout.
            }

            if (!Order())
            {
                return;
            }

            // After the purchase: surveys, a change of segment, repeat orders, reviews and referrals.
            if (random.NextDouble() < 0.4)
            {
                Wait(3_600, 4 * 86_400);
                var nps = NpsScore();
                if (!Emit("track", "Survey Answered", "email", "email", "survey", $$"""{"survey":"nps","nps":{{nps}}}""", null))
                {
                    return;
                }
            }

            if (random.NextDouble() < 0.25)
            {
                Wait(600, 2 * 86_400);
                var csat = 1 + Math.Min(4, (int)Math.Floor(random.NextDouble() * random.NextDouble() * 5 + 2.2));
                if (!Emit("track", "Survey Answered", "support", null, null, $$"""{"survey":"csat","csat":{{Math.Clamp(csat, 1, 5)}}}""", null))
                {
                    return;
                }
            }

            if (random.NextDouble() < 0.08 && !Identify(changeSegment: true))
            {
                return;
            }

            if (random.NextDouble() < 0.35)
            {
                Wait(2 * 86_400, 14 * 86_400);
                if (!Emit("track", "Product Viewed", "email", "email", "newsletter", Product(), null) || !Order())
                {
                    return;
                }
            }

            if (random.NextDouble() < 0.28)
            {
                Wait(86_400, 7 * 86_400);
                var advocacy = random.NextDouble() < 0.6 ? "Product Reviewed" : "Referral Sent";
                Emit("track", advocacy, advocacy == "Referral Sent" ? "referral" : "web", null, null, Product(), null);
            }
        }

        private bool Order()
        {
            var revenue = (19 + random.Next(400)) + (random.Next(100) / 100.0);
            return Emit("track", "Order Completed", "web", null, null,
                $$"""{"orderId":"{{_userId}}-o{{_sequence}}","revenue":{{revenue.ToString("0.00", CultureInfo.InvariantCulture)}},"currency":"EUR"}""", null);
        }

        private bool Identify(bool changeSegment = false)
        {
            if (_identified && !changeSegment)
            {
                return true;
            }

            var segment = Pick(Segments, static s => s.Weight).Name;
            _identified = true;
            return Emit("identify", null, "web", null, null, null, $$"""{"segment":"{{segment}}","email":"{{_userId}}@example.com"}""");
        }

        private int NpsScore()
        {
            var roll = random.NextDouble();
            return roll < 0.45 ? 9 + random.Next(2) : roll < 0.75 ? 7 + random.Next(2) : random.Next(7);
        }

        private string Product() => $$"""{"productId":"{{Products[random.Next(Products.Length)]}}"}""";

        private void Wait(int minSeconds, int maxSeconds) =>
            _at += (long)(1000 * (minSeconds + ((maxSeconds - minSeconds) * Math.Pow(random.NextDouble(), 2))));

        private T Pick<T>(T[] items, Func<T, double> weight)
        {
            var roll = random.NextDouble() * items.Sum(weight);
            foreach (var item in items)
            {
                roll -= weight(item);
                if (roll < 0)
                {
                    return item;
                }
            }

            return items[^1];
        }

        // Writes one message; false once the journey would run past the end of the period (the person stops there).
        private bool Emit(string type, string? name, string channel, string? medium, string? source, string? properties, string? traits)
        {
            if (_at >= generator._endMs)
            {
                return false;
            }

            var buffer = new ArrayBufferWriter<byte>(512);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("type", type);
                json.WriteString("messageId", $"gen-{generator._seed}-{index:D6}-{_sequence++:D3}");
                json.WriteString("anonymousId", _anonymousId);
                if (_identified)
                {
                    json.WriteString("userId", _userId);
                }

                if (type == "track")
                {
                    json.WriteString("event", name);
                }
                else if (name is not null)
                {
                    json.WriteString("name", name);
                }

                json.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(_at).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteStartObject("context");
                if (medium is not null)
                {
                    json.WriteStartObject("campaign");
                    json.WriteString("medium", medium);
                    json.WriteString("source", source);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteString("channel", channel);
                }

                json.WriteString("userAgent", "Mozilla/5.0 (synthetic)");
                json.WriteEndObject();
                if (properties is not null)
                {
                    json.WritePropertyName("properties");
                    json.WriteRawValue(properties);
                }

                if (traits is not null)
                {
                    json.WritePropertyName("traits");
                    json.WriteRawValue(traits);
                }

                json.WriteEndObject();
            }

            output.Add(new GeneratedMessage(_at, Encoding.UTF8.GetString(buffer.WrittenSpan)));
            return true;
        }
    }
}
