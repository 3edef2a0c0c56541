namespace Touchpoints.Snapshots;

/// <summary>Attribution of a day's snapshot: per stage, first-touch, last-touch and converting, by channel and campaign.</summary>
/// <param name="TopCampaigns">How many campaigns each model lists by name (<see cref="SnapshotOptions.TopCampaigns"/>).</param>
/// <param name="Stages">Per stage, in funnel order.</param>
public sealed record AttributionFigures(int TopCampaigns, IReadOnlyList<StageAttribution> Stages)
{
    /// <summary>The key of a touchpoint without a campaign.</summary>
    public const string NoCampaign = "(none)";

    /// <summary>The key of campaigns beyond the top N.</summary>
    public const string OtherCampaigns = "(other)";

    /// <summary>The key of customers whose last touch the record can no longer tell.</summary>
    public const string Unknown = "(unknown)";

    /// <summary>No attribution (a snapshot built without it).</summary>
    public static AttributionFigures Empty { get; } = new(0, []);
}
