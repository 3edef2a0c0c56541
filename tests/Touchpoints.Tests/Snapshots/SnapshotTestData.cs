using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;
using Touchpoints.Testing;

namespace Touchpoints.Tests.Snapshots;

/// <summary>Builds touchpoints the way the wire format reads them, journey records from them, and stores the records.</summary>
internal static class SnapshotTestData
{
    private static readonly Lazy<FunnelDefinition> DefaultFunnelLazy = new(() =>
        FunnelDefinitionLoader.Parse(File.ReadAllText(RepositoryPaths.Combine("funnels", "default.json")), "funnels/default.json"));

    private static int _messageCounter;

    /// <summary>The repository's default funnel: awareness, consideration, purchase, retention, advocacy.</summary>
    public static FunnelDefinition DefaultFunnel => DefaultFunnelLazy.Value;

    /// <summary>A four-stage funnel another team might use.</summary>
    public static FunnelDefinition AidaFunnel { get; } = FunnelDefinitionLoader.Parse(
        """
        { "id": "aida", "name": "AIDA", "conversionStage": "purchase",
          "stages": ["awareness", "interest", "consideration", "purchase"],
          "rules": [
            { "stage": "awareness", "type": "page" },
            { "stage": "interest", "event": ["Newsletter Subscribed", "Video Watched"] },
            { "stage": "consideration", "event": ["Demo Requested", "Pricing Viewed"] },
            { "stage": "purchase", "event": "Order Completed" } ] }
        """, "test");

    /// <summary>A Segment message read by the real reader: a <c>track</c> when <paramref name="event"/> is set, else the given type.</summary>
    public static Touchpoint Message(
        string customer, DateTimeOffset at, string? @event = null, string type = "track", string channel = "web", string? properties = null, string? traits = null, bool anonymous = false)
    {
        var id = Interlocked.Increment(ref _messageCounter);
        var json = new StringBuilder();
        json.Append("{\"type\":\"").Append(@event is null ? type : "track").Append('"');
        json.Append(anonymous ? ",\"anonymousId\":" : ",\"userId\":").Append(JsonSerializer.Serialize(customer));
        json.Append(",\"messageId\":\"m-").Append(id).Append('"');
        json.Append(",\"timestamp\":\"").Append(at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Append('"');
        if (@event is not null)
        {
            json.Append(",\"event\":").Append(JsonSerializer.Serialize(@event));
        }
        else if (type == "page")
        {
            json.Append(",\"name\":\"Home\"");
        }

        json.Append(",\"context\":{\"channel\":").Append(JsonSerializer.Serialize(channel)).Append('}');
        if (properties is not null)
        {
            json.Append(",\"properties\":").Append(properties);
        }

        if (traits is not null)
        {
            json.Append(",\"traits\":").Append(traits);
        }

        json.Append('}');
        var payload = TouchpointReader.Read(Encoding.UTF8.GetBytes(json.ToString()), null, at);
        if (!payload.IsValid)
        {
            throw new InvalidOperationException($"Test message {json} is invalid: {string.Join("; ", payload.Errors)}");
        }

        return payload.Touchpoints[0];
    }

    /// <summary>A journey built from touchpoints, in the order given.</summary>
    public static JourneyRecord Journey(FunnelDefinition funnel, string customer, params Touchpoint[] touchpoints)
    {
        var record = new JourneyRecord(funnel, customer, touchpoints.Length > 0 && touchpoints[0].IsAnonymous);
        foreach (var touchpoint in touchpoints)
        {
            record.Apply(touchpoint, funnel);
        }

        return record;
    }

    /// <summary>Stores journey records as the pipeline does (creating the table).</summary>
    public static async Task WriteAsync(TableClient table, FunnelDefinition funnel, int buckets, IEnumerable<JourneyRecord> records)
    {
        await table.CreateIfNotExistsAsync();
        foreach (var record in records)
        {
            var key = TableKeys.Customer(record.CustomerId, record.IsAnonymous);
            var entity = JourneyEntity.ToEntity(TableKeys.Partition(key, buckets), TableKeys.JourneyRow(funnel.Id, key), record, funnel.Stages, 0, ETag.All);
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace);
        }
    }
}
