using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Touchpoints.Snapshots;

/// <summary>
/// Writes <c>funnel.json</c>, schema <see cref="FunnelSnapshot.SchemaVersion"/>. The document, indented with <c>\n</c>
/// line ends, with numbers in their shortest round-trip form so the same snapshot is always the same bytes:
/// <code>
/// {
///   "schema": "touchpoints.funnel-snapshot", "schemaVersion": 2,
///   "funnel": { "id", "name", "hash", "mode": "closed" | "open", "conversionWindow": ISO 8601 duration or null },
///   "definitionHash": the hash of the funnel definition the snapshot was made with (the same as funnel.hash),
///   "date": "yyyy-MM-dd", "timeZone": IANA id, "start": UTC ISO-8601, "end": UTC ISO-8601 (exclusive; figures are as of it),
///   "units": { "timeToReach": "seconds", "conversion": "ratio" },
///   "stalledDays": N,
///   "source": { "records": journey records counted (first touchpoint before the end) },
///   "totals": { "customers", "anonymous", "active", "withoutStage" },
///   "stages": [ { "index", "name", "reached", "current", "entered", "conversion" (null for the first stage),
///                 "dropOff", "timeToReach": { "count", "median", "p90" } or null, "stalled",
///                 "optional", "implied", "skipped", "eligible", "converted",
///                 "dropOffReasons": { "stalled", "movedOn", "reasons": [ { "event", "channel", "stalled", "movedOn", "lift" } ] },
///                 "satisfaction": { "nps": { as surveys.nps }, "csat": { as surveys.csat } } } ],
///   "breakdowns": { "firstTouchChannel": [ { "key", "reached": [per stage] } ],
///                   "segment": [ { "key", "reached": [per stage] } ],
///                   "conversionChannel": { "stage": name, "channels": [ { "key", "conversions" } ] } },
///   "surveys": { "nps": { "responses", "promoters", "passives", "detractors", "score" },
///                "csat": { "responses", "average", "satisfied", "neutral", "dissatisfied", "score" } },
///   "attribution": { "topCampaigns": N, "stages": [ { "index", "name",
///                    "firstTouch" | "lastTouch" | "converting": { "channels": [ { "key", "customers" } ], "campaigns": [ { "key", "customers" } ] } } ] }
/// }
/// </code>
/// </summary>
public static class SnapshotJsonWriter
{
    /// <summary>The document's <c>schema</c> name.</summary>
    public const string SchemaName = "touchpoints.funnel-snapshot";

    /// <summary>The content type.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The document's UTF-8 bytes.</summary>
    public static byte[] Write(FunnelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("schema", SchemaName);
            json.WriteNumber("schemaVersion", FunnelSnapshot.SchemaVersion);

            json.WriteStartObject("funnel");
            json.WriteString("id", snapshot.FunnelId);
            json.WriteString("name", snapshot.FunnelName);
            json.WriteString("hash", snapshot.FunnelHash);
            json.WriteString("mode", snapshot.Mode == Journeys.FunnelMode.Open ? "open" : "closed");
            if (snapshot.ConversionWindow is { } window)
            {
                json.WriteString("conversionWindow", System.Xml.XmlConvert.ToString(window));
            }
            else
            {
                json.WriteNull("conversionWindow");
            }

            json.WriteEndObject();
            json.WriteString("definitionHash", snapshot.FunnelHash);

            json.WriteString("date", snapshot.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("timeZone", snapshot.TimeZone);
            json.WriteString("start", Instant(snapshot.Start));
            json.WriteString("end", Instant(snapshot.End));

            json.WriteStartObject("units");
            json.WriteString("timeToReach", "seconds");
            json.WriteString("conversion", "ratio");
            json.WriteEndObject();

            json.WriteNumber("stalledDays", snapshot.StalledDays);

            json.WriteStartObject("source");
            json.WriteNumber("records", snapshot.Customers);
            json.WriteEndObject();

            json.WriteStartObject("totals");
            json.WriteNumber("customers", snapshot.Customers);
            json.WriteNumber("anonymous", snapshot.AnonymousCustomers);
            json.WriteNumber("active", snapshot.ActiveCustomers);
            json.WriteNumber("withoutStage", snapshot.WithoutStage);
            json.WriteEndObject();

            json.WriteStartArray("stages");
            foreach (var stage in snapshot.Stages)
            {
                json.WriteStartObject();
                json.WriteNumber("index", stage.Index);
                json.WriteString("name", stage.Name);
                json.WriteNumber("reached", stage.Reached);
                json.WriteNumber("current", stage.Current);
                json.WriteNumber("entered", stage.Entered);
                NumberOrNull(json, "conversion", stage.Conversion);
                NumberOrNull(json, "dropOff", stage.DropOff);
                if (stage.TimeToReach is { } time)
                {
                    json.WriteStartObject("timeToReach");
                    json.WriteNumber("count", time.Count);
                    json.WriteNumber("median", time.MedianSeconds);
                    json.WriteNumber("p90", time.P90Seconds);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("timeToReach");
                }

                json.WriteNumber("stalled", stage.Stalled);
                json.WriteBoolean("optional", stage.Optional);
                json.WriteNumber("implied", stage.Implied);
                json.WriteNumber("skipped", stage.Skipped);
                json.WriteNumber("eligible", stage.Eligible);
                json.WriteNumber("converted", stage.Converted);
                WriteDropOffReasons(json, stage.DropOffReasons);
                json.WriteStartObject("satisfaction");
                if (stage.Satisfaction is { } satisfaction)
                {
                    WriteNps(json, satisfaction.Nps);
                    WriteCsat(json, satisfaction.Csat);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartObject("breakdowns");
            WriteBreakdowns(json, "firstTouchChannel", snapshot.ByFirstTouchChannel);
            WriteBreakdowns(json, "segment", snapshot.BySegment);
            json.WriteStartObject("conversionChannel");
            if (snapshot.ConversionStage is { } conversionStage)
            {
                json.WriteString("stage", conversionStage);
            }
            else
            {
                json.WriteNull("stage");
            }

            json.WriteStartArray("channels");
            foreach (var channel in snapshot.ConversionChannels)
            {
                json.WriteStartObject();
                json.WriteString("key", channel.Key);
                json.WriteNumber("conversions", channel.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("surveys");
            WriteNps(json, snapshot.Nps);
            WriteCsat(json, snapshot.Csat);
            json.WriteEndObject();

            WriteAttribution(json, snapshot.Attribution);
            WriteFiltered(json, snapshot.Filtered);

            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteAttribution(Utf8JsonWriter json, AttributionFigures attribution)
    {
        json.WriteStartObject("attribution");
        json.WriteNumber("topCampaigns", attribution.TopCampaigns);
        json.WriteStartArray("stages");
        foreach (var stage in attribution.Stages)
        {
            json.WriteStartObject();
            json.WriteNumber("index", stage.Index);
            json.WriteString("name", stage.Name);
            foreach (var (name, model) in new[] { ("firstTouch", stage.FirstTouch), ("lastTouch", stage.LastTouch), ("converting", stage.Converting) })
            {
                json.WriteStartObject(name);
                WriteCounts(json, "channels", model.Channels);
                WriteCounts(json, "campaigns", model.Campaigns);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Written only when something was filtered, so a day without bots reads as before: absent means none.
    private static void WriteFiltered(Utf8JsonWriter json, IReadOnlyList<KeyCount> filtered)
    {
        if (filtered.Count == 0)
        {
            return;
        }

        json.WriteStartObject("filtered");
        json.WriteStartArray("reasons");
        foreach (var count in filtered)
        {
            json.WriteStartObject();
            json.WriteString("reason", count.Key);
            json.WriteNumber("touchpoints", count.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyList<KeyCount> counts)
    {
        json.WriteStartArray(name);
        foreach (var count in counts)
        {
            json.WriteStartObject();
            json.WriteString("key", count.Key);
            json.WriteNumber("customers", count.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteDropOffReasons(Utf8JsonWriter json, DropOffReasons dropOff)
    {
        json.WriteStartObject("dropOffReasons");
        json.WriteNumber("stalled", dropOff.Stalled);
        json.WriteNumber("movedOn", dropOff.MovedOn);
        json.WriteStartArray("reasons");
        foreach (var reason in dropOff.Reasons)
        {
            json.WriteStartObject();
            json.WriteString("event", reason.Event);
            json.WriteString("channel", reason.Channel);
            json.WriteNumber("stalled", reason.Stalled);
            json.WriteNumber("movedOn", reason.MovedOn);
            NumberOrNull(json, "lift", reason.Lift);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNps(Utf8JsonWriter json, NpsFigures nps)
    {
        json.WriteStartObject("nps");
        json.WriteNumber("responses", nps.Responses);
        json.WriteNumber("promoters", nps.Promoters);
        json.WriteNumber("passives", nps.Passives);
        json.WriteNumber("detractors", nps.Detractors);
        NumberOrNull(json, "score", nps.Score);
        json.WriteEndObject();
    }

    private static void WriteCsat(Utf8JsonWriter json, CsatFigures csat)
    {
        json.WriteStartObject("csat");
        json.WriteNumber("responses", csat.Responses);
        NumberOrNull(json, "average", csat.Average);
        json.WriteNumber("satisfied", csat.Satisfied);
        json.WriteNumber("neutral", csat.Neutral);
        json.WriteNumber("dissatisfied", csat.Dissatisfied);
        NumberOrNull(json, "score", csat.Score);
        json.WriteEndObject();
    }

    private static void WriteBreakdowns(Utf8JsonWriter json, string name, IReadOnlyList<Breakdown> breakdowns)
    {
        json.WriteStartArray(name);
        foreach (var breakdown in breakdowns)
        {
            json.WriteStartObject();
            json.WriteString("key", breakdown.Key);
            json.WriteStartArray("reached");
            foreach (var count in breakdown.Reached)
            {
                json.WriteNumberValue(count);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void NumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
