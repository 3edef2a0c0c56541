using Touchpoints.Journeys;

namespace Touchpoints.Snapshots;

/// <summary>
/// A funnel as of the end of one day, computed only from the stored journey records and the date: the same records
/// and date always give the same snapshot (invariant 5). Serialized by <see cref="SnapshotJsonWriter"/> (schema
/// <see cref="SchemaVersion"/>), <see cref="SnapshotCsvWriter"/> and <see cref="SnapshotSvgWriter"/>.
/// </summary>
public sealed record FunnelSnapshot
{
    /// <summary>The revision of the JSON and CSV formats. Incremented whenever a field changes meaning or is removed.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The funnel's id.</summary>
    public required string FunnelId { get; init; }

    /// <summary>The funnel's display name.</summary>
    public required string FunnelName { get; init; }

    /// <summary>The hash of the funnel definition the journeys were computed with.</summary>
    public required string FunnelHash { get; init; }

    /// <summary>The day.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The IANA time zone of the day.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The day's first instant, inclusive.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The day's end, exclusive: every figure is as of this instant.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>The inactivity, in days, after which a customer counts as stalled.</summary>
    public required int StalledDays { get; init; }

    /// <summary>Journey records counted: those whose first touchpoint was before the end of the day (customers known by then).</summary>
    public required long Customers { get; init; }

    /// <summary>Of <see cref="Customers"/>, those known only by an anonymous id.</summary>
    public required long AnonymousCustomers { get; init; }

    /// <summary>Customers with at least one touchpoint during the day.</summary>
    public required long ActiveCustomers { get; init; }

    /// <summary>Customers none of whose touchpoints matched a stage rule by the end of the day.</summary>
    public required long WithoutStage { get; init; }

    /// <summary>Per stage, in funnel order.</summary>
    public required IReadOnlyList<StageFigures> Stages { get; init; }

    /// <summary>Reached per stage by first-touch channel, in <see cref="Ingest.Channels.All"/> order, channels with customers only.</summary>
    public required IReadOnlyList<Breakdown> ByFirstTouchChannel { get; init; }

    /// <summary>Reached per stage by segment as of the end of the day (<c>(none)</c> for none), in ordinal order of the name.</summary>
    public required IReadOnlyList<Breakdown> BySegment { get; init; }

    /// <summary>Conversions by the channel of the converting touchpoint, in <see cref="Ingest.Channels.All"/> order.</summary>
    public required IReadOnlyList<KeyCount> ConversionChannels { get; init; }

    /// <summary>The name of the conversion stage, or null when the funnel has none.</summary>
    public required string? ConversionStage { get; init; }

    /// <summary>NPS of the day's answers.</summary>
    public required NpsFigures Nps { get; init; }

    /// <summary>CSAT of the day's answers.</summary>
    public required CsatFigures Csat { get; init; }

    /// <summary>The funnel's mode, which decides how <see cref="StageFigures.Reached"/> and the conversions count.</summary>
    public FunnelMode Mode { get; init; }

    /// <summary>The funnel's conversion window, or null for none.</summary>
    public TimeSpan? ConversionWindow { get; init; }

    /// <summary>Per stage, first-touch, last-touch and converting attribution by channel and campaign.</summary>
    public AttributionFigures Attribution { get; init; } = AttributionFigures.Empty;

    /// <summary>
    /// Touchpoints received during the day that were not a person's (bots, prefetches; <see cref="Ingest.BotFilter"/>), per
    /// reason in ordinal order, counted from the filtered-touchpoints container: the same for every funnel. Empty when none.
    /// </summary>
    public IReadOnlyList<KeyCount> Filtered { get; init; } = [];
}
