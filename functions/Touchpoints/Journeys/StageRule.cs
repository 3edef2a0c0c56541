using Touchpoints.Ingest;

namespace Touchpoints.Journeys;

/// <summary>
/// One rule of a funnel: the touchpoints it matches fall in its stage. Every condition it names must hold;
/// a rule names at least one.
/// </summary>
public sealed class StageRule
{
    /// <summary>Creates a rule.</summary>
    public StageRule(int stage, IReadOnlyList<string> events, IReadOnlyList<TouchpointType> types, IReadOnlyList<string> channels, PropertyCondition? property, int? occurrence)
    {
        Stage = stage;
        Events = events;
        Types = types;
        Channels = channels;
        Property = property;
        Occurrence = occurrence;
    }

    /// <summary>The index of the stage in the funnel.</summary>
    public int Stage { get; }

    /// <summary>Event (or page/screen) names matched case-insensitively; empty means any.</summary>
    public IReadOnlyList<string> Events { get; }

    /// <summary>Message types matched; empty means any.</summary>
    public IReadOnlyList<TouchpointType> Types { get; }

    /// <summary>Normalised channels matched; empty means any.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>A property comparison, or null.</summary>
    public PropertyCondition? Property { get; }

    /// <summary>
    /// When set, the rule matches the n-th and every later occurrence of its event, by event time (ties by message id).
    /// Such a rule names exactly one event and no channel or property.
    /// </summary>
    public int? Occurrence { get; }

    /// <summary>Whether the touchpoint matches every condition but the occurrence, with the survey scores of the reader's default shapes.</summary>
    public bool Matches(Touchpoint touchpoint)
    {
        ArgumentNullException.ThrowIfNull(touchpoint);
        return Matches(touchpoint, new SurveyScores(touchpoint.Nps, touchpoint.Csat));
    }

    /// <summary>
    /// Whether the touchpoint matches every condition but the occurrence. A condition on an <c>nps</c> or <c>csat</c>
    /// property compares the survey score in whatever shape it came (<see cref="SurveyShape"/>).
    /// </summary>
    public bool Matches(Touchpoint touchpoint, SurveyScores surveys)
    {
        ArgumentNullException.ThrowIfNull(touchpoint);
        if (Types.Count > 0 && !Types.Contains(touchpoint.Type))
        {
            return false;
        }

        if (Events.Count > 0)
        {
            var name = touchpoint.RuleName;
            var any = false;
            for (var i = 0; i < Events.Count && !any; i++)
            {
                any = string.Equals(Events[i], name, StringComparison.OrdinalIgnoreCase);
            }

            if (!any)
            {
                return false;
            }
        }

        if (Channels.Count > 0 && !Channels.Contains(touchpoint.Channel, StringComparer.Ordinal))
        {
            return false;
        }

        if (Property is null)
        {
            return true;
        }

        var score = Property.Name switch
        {
            "nps" => surveys.Nps,
            "csat" => surveys.Csat,
            _ => null,
        };
        return score is int value ? Property.IsSatisfiedBy(value) : Property.IsSatisfiedBy(touchpoint.Properties);
    }
}
