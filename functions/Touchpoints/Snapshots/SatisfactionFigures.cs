namespace Touchpoints.Snapshots;

/// <summary>The day's survey answers given by customers while they were in one stage (the furthest reached before answering).</summary>
/// <param name="Nps">NPS answers.</param>
/// <param name="Csat">CSAT answers.</param>
public sealed record SatisfactionFigures(NpsFigures Nps, CsatFigures Csat);
