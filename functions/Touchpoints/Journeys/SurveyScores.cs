namespace Touchpoints.Journeys;

/// <summary>The survey scores one touchpoint carries, read once through the funnel's <see cref="SurveyShape"/>s.</summary>
/// <param name="Nps">The NPS score, or null.</param>
/// <param name="Csat">The CSAT score, or null.</param>
public readonly record struct SurveyScores(int? Nps, int? Csat);
