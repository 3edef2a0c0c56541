namespace Touchpoints.Journeys;

/// <summary>How a funnel counts customers through its stages (mode, optional stages, conversion window) and reads survey answers.</summary>
/// <param name="Mode">Closed (the default) or open.</param>
/// <param name="Optional">Per stage, whether it may be skipped.</param>
/// <param name="Window">The conversion window, or null for none.</param>
/// <param name="Nps">Where NPS answers are read; the default shape when null.</param>
/// <param name="Csat">Where CSAT answers are read; the default shape when null.</param>
internal sealed record FunnelShape(FunnelMode Mode, IReadOnlyList<bool> Optional, TimeSpan? Window, SurveyShape? Nps = null, SurveyShape? Csat = null);
