using Touchpoints.Ingest;

namespace Touchpoints.Journeys;

/// <summary>
/// An ordered set of stages and the rules that place touchpoints in them, loaded from a JSON file
/// (<see cref="FunnelDefinitionLoader"/>). A touchpoint falls in the furthest stage of all the rules it matches.
/// </summary>
public sealed class FunnelDefinition
{
    /// <summary>The most stages a funnel may have; stage indexes are stored in one byte.</summary>
    public const int MaxStages = 32;

    private readonly Dictionary<string, sbyte[]> _occurrenceStages;

    internal FunnelDefinition(
        string id, string name, IReadOnlyList<string> stages, int conversionStage, IReadOnlyList<StageRule> rules, string hash, FunnelShape? shape = null)
    {
        shape ??= new FunnelShape(FunnelMode.Closed, new bool[stages.Count], null);
        Mode = shape.Mode;
        OptionalStages = shape.Optional;
        ConversionWindow = shape.Window;
        Nps = shape.Nps ?? SurveyShape.DefaultNps;
        Csat = shape.Csat ?? SurveyShape.DefaultCsat;
        Id = id;
        Name = name;
        Stages = stages;
        ConversionStage = conversionStage;
        Rules = rules;
        Hash = hash;
        _occurrenceStages = BuildOccurrenceStages(rules);
    }

    /// <summary>The funnel's id: safe in table keys and blob names.</summary>
    public string Id { get; }

    /// <summary>A display name.</summary>
    public string Name { get; }

    /// <summary>The stages, in funnel order.</summary>
    public IReadOnlyList<string> Stages { get; }

    /// <summary>The index of the stage whose first touchpoint counts as the conversion (default <c>purchase</c>).</summary>
    public int ConversionStage { get; }

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<StageRule> Rules { get; }

    /// <summary>How stages count: <see cref="FunnelMode.Closed"/> (the default) or <see cref="FunnelMode.Open"/>.</summary>
    public FunnelMode Mode { get; }

    /// <summary>Per stage, in funnel order, whether it may be skipped without breaking the funnel (<c>"optional": true</c>).</summary>
    public IReadOnlyList<bool> OptionalStages { get; }

    /// <summary>
    /// The longest time from the previous stage within which reaching a stage still counts as converting from it; null
    /// for no limit (the default).
    /// </summary>
    public TimeSpan? ConversionWindow { get; }

    /// <summary>Where NPS answers are read (the definition's <c>"surveys"</c> section; the four common shapes by default).</summary>
    public SurveyShape Nps { get; }

    /// <summary>Where CSAT answers are read.</summary>
    public SurveyShape Csat { get; }

    /// <summary>The NPS score a touchpoint carries under this funnel's survey shapes, or null.</summary>
    public int? NpsOf(Touchpoint touchpoint) => Nps.IsDefault ? touchpoint.Nps : Nps.Read(touchpoint.Event, touchpoint.Properties);

    /// <summary>The CSAT score a touchpoint carries under this funnel's survey shapes, or null.</summary>
    public int? CsatOf(Touchpoint touchpoint) => Csat.IsDefault ? touchpoint.Csat : Csat.Read(touchpoint.Event, touchpoint.Properties);

    /// <summary>A hex SHA-256 of the definition's canonical form: snapshots name the exact rules they were computed with.</summary>
    public string Hash { get; }

    /// <summary>The furthest stage the touchpoint's own content places it in (rules without occurrence), or -1.</summary>
    public int BaseStage(Touchpoint touchpoint)
    {
        var stage = -1;
        var surveys = new SurveyScores(NpsOf(touchpoint), CsatOf(touchpoint));
        foreach (var rule in Rules)
        {
            if (rule.Occurrence is null && rule.Stage > stage && rule.Matches(touchpoint, surveys))
            {
                stage = rule.Stage;
            }
        }

        return stage;
    }

    /// <summary>
    /// For an event that occurrence rules count, the stage its r-th occurrence reaches through them (index r-1; -1 for none),
    /// up to the largest occurrence any rule names; later occurrences reach the last entry's stage.
    /// </summary>
    public bool TryGetOccurrenceStages(Touchpoint touchpoint, out string eventKey, out sbyte[] stagesByRank)
    {
        eventKey = EventKey(touchpoint.RuleName);
        return _occurrenceStages.TryGetValue(eventKey, out stagesByRank!);
    }

    /// <summary>The event name as the funnel's occurrence rule spells it, for an event key; the key itself when no rule names it.</summary>
    internal string EventName(string eventKey)
    {
        foreach (var rule in Rules)
        {
            if (rule.Occurrence is not null && string.Equals(EventKey(rule.Events[0]), eventKey, StringComparison.Ordinal))
            {
                return rule.Events[0];
            }
        }

        return eventKey;
    }

    /// <summary>The key under which occurrences of an event name are counted.</summary>
    public static string EventKey(string eventName) => eventName.ToUpperInvariant();

    private static Dictionary<string, sbyte[]> BuildOccurrenceStages(IReadOnlyList<StageRule> rules)
    {
        var result = new Dictionary<string, sbyte[]>(StringComparer.Ordinal);
        foreach (var group in rules.Where(static r => r.Occurrence is not null).GroupBy(static r => EventKey(r.Events[0])))
        {
            var maxRank = group.Max(static r => r.Occurrence!.Value);
            var stages = new sbyte[maxRank];
            for (var rank = 1; rank <= maxRank; rank++)
            {
                var stage = -1;
                foreach (var rule in group)
                {
                    if (rule.Occurrence <= rank && rule.Stage > stage)
                    {
                        stage = rule.Stage;
                    }
                }

                stages[rank - 1] = (sbyte)stage;
            }

            result[group.Key] = stages;
        }

        return result;
    }
}
