namespace Touchpoints.Snapshots;

/// <summary>
/// Customers who reached a stage, credited by one attribution model: by channel (in <see cref="Ingest.Channels.All"/>
/// order, then <c>(unknown)</c>) and by campaign (the top N by count, ties in ordinal order, then <c>(other)</c> for the
/// rest, <c>(none)</c> for touchpoints without a campaign and <c>(unknown)</c>). Keys with no customers are left out.
/// </summary>
/// <param name="Channels">Customers by channel.</param>
/// <param name="Campaigns">Customers by campaign name.</param>
public sealed record AttributionModel(IReadOnlyList<KeyCount> Channels, IReadOnlyList<KeyCount> Campaigns);
