namespace Touchpoints.Snapshots;

/// <summary>The customer satisfaction answers (1-5) of one day.</summary>
/// <param name="Responses">Answers given during the day.</param>
/// <param name="Average">Their mean, rounded to 3 decimals; null without answers.</param>
public sealed record CsatFigures(long Responses, double? Average)
{
    /// <summary>Answers of 4 or 5.</summary>
    public long Satisfied { get; init; }

    /// <summary>Answers of 3.</summary>
    public long Neutral { get; init; }

    /// <summary>Answers of 1 or 2.</summary>
    public long Dissatisfied { get; init; }

    /// <summary>The CSAT score: satisfied answers as a percentage of all (0-100), rounded to 2 decimals; null without answers.</summary>
    public double? Score { get; init; }
}
