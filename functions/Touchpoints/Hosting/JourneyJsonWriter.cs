using System.Buffers;
using System.Text.Json;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;

namespace Touchpoints.Hosting;

/// <summary>
/// Renders what is stored of a customer as the JSON of <c>GET /api/customers/{id}/journey</c>: per funnel the
/// furthest stage and each stage's count, first and last time by stage name, first and last seen, first-touch,
/// last-touch and converting channel, segment, latest NPS and CSAT, touch count; then the newest timeline page.
/// </summary>
internal static class JourneyJsonWriter
{
    public static byte[] Write(CustomerJourneys customer, FunnelCatalog? funnels)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("customerId", customer.CustomerId);
            writer.WriteString("resolvedCustomerId", customer.ResolvedCustomerId);
            writer.WriteStartArray("journeys");
            foreach (var journey in customer.Journeys)
            {
                WriteJourney(writer, journey, funnels?.Find(journey.FunnelId));
            }

            writer.WriteEndArray();
            writer.WriteStartArray("timeline");
            foreach (var touchpoint in customer.Timeline)
            {
                TouchpointJson.Write(writer, touchpoint, TouchpointJsonNames.Public);
            }

            writer.WriteEndArray();
            if (customer.NextPage is null)
            {
                writer.WriteNull("nextPage");
            }
            else
            {
                writer.WriteString("nextPage", customer.NextPage);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteJourney(Utf8JsonWriter writer, JourneyRecord journey, FunnelDefinition? funnel)
    {
        // A funnel removed from the configuration still renders, with its stages numbered.
        string StageName(int index) => funnel is not null && index < funnel.Stages.Count ? funnel.Stages[index] : $"stage{index}";

        writer.WriteStartObject();
        writer.WriteString("funnel", journey.FunnelId);
        if (funnel is not null)
        {
            writer.WriteString("funnelName", funnel.Name);
        }

        writer.WriteString("customerId", journey.CustomerId);
        writer.WriteBoolean("anonymous", journey.IsAnonymous);
        writer.WriteNumber("touchCount", journey.TouchCount);
        var furthest = journey.FurthestStage;
        WriteStringOrNull(writer, "furthestStage", furthest >= 0 ? StageName(furthest) : null);
        WriteTime(writer, "firstSeen", journey.First?.At);
        WriteTime(writer, "lastSeen", journey.Last?.At);
        WriteStringOrNull(writer, "firstTouchChannel", journey.First?.ChannelName);
        WriteStringOrNull(writer, "lastTouchChannel", journey.Last?.ChannelName);
        var conversion = journey.Conversion;
        WriteStringOrNull(writer, "convertingChannel", conversion?.ChannelName);
        WriteTime(writer, "convertedAt", conversion?.At);
        WriteStringOrNull(writer, "segment", journey.Segment);
        WriteNumberOrNull(writer, "nps", journey.LatestNps);
        WriteNumberOrNull(writer, "csat", journey.LatestCsat);

        writer.WriteStartArray("stages");
        var stages = journey.Stages;
        var reached = journey.ReachedAt;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            writer.WriteStartObject();
            writer.WriteString("name", StageName(i));
            writer.WriteNumber("count", stage.Count);
            WriteTime(writer, "first", stage.First?.At);
            WriteTime(writer, "last", stage.IsReached ? DateTimeOffset.FromUnixTimeMilliseconds(stage.LastMs) : null);
            WriteStringOrNull(writer, "firstChannel", stage.First?.ChannelName);
            WriteTime(writer, "reachedAt", reached[i]?.At);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, TouchpointJson.FormatTime(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is int number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
