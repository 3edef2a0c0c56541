using System.Text.Json;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Testing;

namespace Touchpoints.Tests.Journeys;

/// <summary>Builds touchpoints and funnels for tests.</summary>
internal static class TestTouchpoints
{
    public static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<FunnelDefinition> DefaultFunnelLazy = new(() =>
        FunnelDefinitionLoader.Parse(File.ReadAllText(RepositoryPaths.Combine("funnels", "default.json")), "funnels/default.json"));

    public static FunnelDefinition DefaultFunnel => DefaultFunnelLazy.Value;

    public static Touchpoint Track(
        string messageId, string @event, DateTimeOffset at, string? userId = "u1", string? anonymousId = null, string channel = "web", string? properties = null, string? segment = null) =>
        new()
        {
            MessageId = messageId,
            Type = TouchpointType.Track,
            Event = @event,
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = at,
            Channel = channel,
            Properties = properties is null ? default : JsonDocument.Parse(properties).RootElement.Clone(),
            Segment = segment,
            Nps = properties is null ? null : ReadInt(properties, "nps"),
            Csat = properties is null ? null : ReadInt(properties, "csat"),
        };

    public static Touchpoint Page(string messageId, DateTimeOffset at, string? userId = "u1", string? anonymousId = null, string channel = "web") =>
        new()
        {
            MessageId = messageId,
            Type = TouchpointType.Page,
            Event = "Home",
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = at,
            Channel = channel,
        };

    public static Touchpoint Identify(string messageId, DateTimeOffset at, string userId, string? anonymousId, string? segment = null) =>
        new()
        {
            MessageId = messageId,
            Type = TouchpointType.Identify,
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = at,
            Segment = segment,
        };

    private static int? ReadInt(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
    }
}
