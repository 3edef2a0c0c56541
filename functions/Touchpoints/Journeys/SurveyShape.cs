using System.Globalization;
using System.Text.Json;

namespace Touchpoints.Journeys;

/// <summary>
/// Where a touchpoint carries one kind of survey score: a property named for it (<c>{"nps": 9}</c>), or a score property
/// next to a <c>survey</c> property that names the kind (<c>{"score": 9, "survey": "nps"}</c>, <c>{"rating": 4, "survey": "csat"}</c>).
/// The one reading of survey answers: the reader's <see cref="Ingest.Touchpoint.Nps"/> and <see cref="Ingest.Touchpoint.Csat"/>,
/// a journey's scores and rules on an <c>nps</c> or <c>csat</c> property all go through it.
/// </summary>
public sealed class SurveyShape
{
    /// <summary>Creates a shape.</summary>
    /// <param name="kind">NPS (0-10) or CSAT (1-5).</param>
    /// <param name="events">The events that carry answers, case-insensitive; empty for any.</param>
    /// <param name="properties">Properties that hold the score directly.</param>
    /// <param name="taggedScores">Properties that hold the score when the <c>survey</c> property names the kind.</param>
    public SurveyShape(SurveyKind kind, IReadOnlyList<string> events, IReadOnlyList<string> properties, IReadOnlyList<string> taggedScores)
    {
        Kind = kind;
        Events = events ?? throw new ArgumentNullException(nameof(events));
        Properties = properties ?? throw new ArgumentNullException(nameof(properties));
        TaggedScores = taggedScores ?? throw new ArgumentNullException(nameof(taggedScores));
    }

    /// <summary>The default NPS shape: any event, <c>nps</c>, or <c>score</c>/<c>rating</c> with <c>"survey": "nps"</c>.</summary>
    public static SurveyShape DefaultNps { get; } = new(SurveyKind.Nps, [], ["nps"], ["score", "rating"]);

    /// <summary>The default CSAT shape: any event, <c>csat</c>, or <c>score</c>/<c>rating</c> with <c>"survey": "csat"</c>.</summary>
    public static SurveyShape DefaultCsat { get; } = new(SurveyKind.Csat, [], ["csat"], ["score", "rating"]);

    /// <summary>The kind of score.</summary>
    public SurveyKind Kind { get; }

    /// <summary>The name the kind goes by in <c>survey</c> properties and in rules: <c>nps</c> or <c>csat</c>.</summary>
    public string Name => Kind == SurveyKind.Nps ? "nps" : "csat";

    /// <summary>The events that carry answers; empty for any.</summary>
    public IReadOnlyList<string> Events { get; }

    /// <summary>Properties that hold the score directly.</summary>
    public IReadOnlyList<string> Properties { get; }

    /// <summary>Properties that hold the score next to a <c>survey</c> property naming the kind.</summary>
    public IReadOnlyList<string> TaggedScores { get; }

    /// <summary>Whether this is the default shape of its kind.</summary>
    public bool IsDefault =>
        Events.Count == 0 && Properties.SequenceEqual([Name]) && TaggedScores.SequenceEqual(["score", "rating"]);

    /// <summary>
    /// The score a touchpoint's properties carry, or null: a whole number in the kind's range (NPS 0-10, CSAT 1-5),
    /// as a JSON number or a numeric string.
    /// </summary>
    /// <param name="eventName">The touchpoint's event name (null when none): checked against <see cref="Events"/>.</param>
    /// <param name="properties">The touchpoint's properties.</param>
    public int? Read(string? eventName, JsonElement properties)
    {
        if (properties.ValueKind != JsonValueKind.Object || !IsSurveyEvent(eventName))
        {
            return null;
        }

        foreach (var name in Properties)
        {
            if (properties.TryGetProperty(name, out var value) && Score(value) is int score)
            {
                return score;
            }
        }

        if (properties.TryGetProperty("survey", out var survey) && survey.ValueKind == JsonValueKind.String
            && string.Equals(survey.GetString(), Name, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var name in TaggedScores)
            {
                if (properties.TryGetProperty(name, out var value) && Score(value) is int score)
                {
                    return score;
                }
            }
        }

        return null;
    }

    private bool IsSurveyEvent(string? eventName)
    {
        if (Events.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < Events.Count; i++)
        {
            if (string.Equals(Events[i], eventName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private int? Score(JsonElement value)
    {
        double score;
        if (value.ValueKind == JsonValueKind.Number)
        {
            score = value.GetDouble();
        }
        else if (value.ValueKind != JsonValueKind.String || !double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out score))
        {
            return null;
        }

        var (min, max) = Kind == SurveyKind.Nps ? (0, 10) : (1, 5);
        return score >= min && score <= max && score == Math.Floor(score) ? (int)score : null;
    }
}
