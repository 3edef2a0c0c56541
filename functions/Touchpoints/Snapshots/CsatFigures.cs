namespace Touchpoints.Snapshots;

/// <summary>The customer satisfaction answers (1-5) of one day.</summary>
/// <param name="Responses">Answers given during the day.</param>
/// <param name="Average">Their mean, rounded to 3 decimals; null without answers.</param>
public sealed record CsatFigures(long Responses, double? Average);
