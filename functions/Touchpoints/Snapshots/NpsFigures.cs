namespace Touchpoints.Snapshots;

/// <summary>The Net Promoter Score of one day's NPS answers.</summary>
/// <param name="Responses">Answers given during the day.</param>
/// <param name="Promoters">Answers of 9 or 10.</param>
/// <param name="Passives">Answers of 7 or 8.</param>
/// <param name="Detractors">Answers of 0 to 6.</param>
/// <param name="Score">Promoters minus detractors, as a percentage of the answers (-100 to 100), rounded to 2 decimals; null without answers.</param>
public sealed record NpsFigures(long Responses, long Promoters, long Passives, long Detractors, double? Score);
