namespace Touchpoints.Journeys;

/// <summary>The kinds of survey score a journey keeps.</summary>
public enum SurveyKind : byte
{
    /// <summary>Net Promoter Score, 0-10.</summary>
    Nps = 1,

    /// <summary>Customer satisfaction, 1-5.</summary>
    Csat = 2,
}

/// <summary>One survey answer.</summary>
/// <param name="Mark">When, and by which touchpoint.</param>
/// <param name="Kind">NPS or CSAT.</param>
/// <param name="Score">The score.</param>
public readonly record struct SurveyAnswer(TouchMark Mark, SurveyKind Kind, byte Score);
