namespace Touchpoints.Journeys;

/// <summary>What a touchpoint is credited to: its channel and its campaign's name.</summary>
/// <param name="Channel">The channel's compact code (<see cref="Ingest.Channels.Code"/>).</param>
/// <param name="Campaign">The campaign's name (<c>utm_campaign</c>), at most <see cref="AttributionTrail.MaxCampaignLength"/> characters; null when none.</param>
public readonly record struct TouchAttribution(byte Channel, string? Campaign)
{
    /// <summary>The channel's name.</summary>
    public string ChannelName => Ingest.Channels.FromCode(Channel);
}
