namespace Touchpoints.Journeys;

/// <summary>How a funnel counts customers through its stages: its mode, its optional stages and its conversion window.</summary>
/// <param name="Mode">Closed (the default) or open.</param>
/// <param name="Optional">Per stage, whether it may be skipped.</param>
/// <param name="Window">The conversion window, or null for none.</param>
internal sealed record FunnelShape(FunnelMode Mode, IReadOnlyList<bool> Optional, TimeSpan? Window);
