namespace Touchpoints.Journeys;

/// <summary>
/// Where one customer stood in a funnel at an instant, by the funnel's mode, optional stages and conversion window,
/// computed from the journey's stage tallies (real visits only). One instance is reused for every record of a scan.
/// </summary>
/// <remarks>
/// The rules, per stage <c>s</c>, with <c>visit[s]</c> the first touchpoint in <c>s</c> before the instant:
/// <list type="bullet">
/// <item><b>Reach.</b> Open mode: <c>visit[s]</c>. Closed mode: for a required stage, the earliest visit to it or any
/// later stage (a later stage implies it); an optional stage is never implied, so its reach is its visit.</item>
/// <item><b>Implied.</b> Closed mode, a required stage reached before (or without) any visit of its own: the customer
/// skipped it.</item>
/// <item><b>From.</b> The stage a step into <c>s</c> is measured from: the nearest earlier stage that is required, or
/// optional and reached no later than <c>s</c>. Optional stages a customer skipped are passed over.</item>
/// <item><b>Skipped.</b> An optional stage not reached while a later stage was: left out of that stage's step.</item>
/// <item><b>Eligible</b> for the step into <c>s</c>: reached its from-stage and did not skip <c>s</c>. <b>Converted</b>:
/// eligible, reached <c>s</c> no earlier than the from-stage and, with a window, within it of the latest real (not
/// implied) reach at or before the from-stage.</item>
/// <item><b>Timed</b>: converted, and both ends real visits; the time is between the two reaches. Implied reaches
/// never enter time figures: their times are artefacts of the implication.</item>
/// </list>
/// </remarks>
internal sealed class FunnelProgress
{
    private readonly FunnelDefinition _funnel;
    private readonly long? _windowMs;

    public FunnelProgress(FunnelDefinition funnel)
    {
        _funnel = funnel ?? throw new ArgumentNullException(nameof(funnel));
        var count = funnel.Stages.Count;
        Reach = new TouchMark?[count];
        Implied = new bool[count];
        From = new int[count];
        Skipped = new bool[count];
        Eligible = new bool[count];
        Converted = new bool[count];
        Timed = new bool[count];
        _windowMs = funnel.ConversionWindow is { } window ? (long)window.TotalMilliseconds : null;
    }

    /// <summary>When each stage was reached, or null.</summary>
    public TouchMark?[] Reach { get; }

    /// <summary>Whether the stage's reach was implied by a later stage (closed mode only).</summary>
    public bool[] Implied { get; }

    /// <summary>The stage a step into each stage is measured from, or -1.</summary>
    public int[] From { get; }

    /// <summary>Whether an optional stage was skipped.</summary>
    public bool[] Skipped { get; }

    /// <summary>Whether the customer counts in the base of the step into each stage.</summary>
    public bool[] Eligible { get; }

    /// <summary>Whether the customer converted into each stage from its from-stage.</summary>
    public bool[] Converted { get; }

    /// <summary>Whether the step into each stage counts in time figures.</summary>
    public bool[] Timed { get; }

    /// <summary>The furthest stage reached, or -1.</summary>
    public int Furthest { get; private set; }

    /// <summary>Computes the progress as of <paramref name="endMs"/> (exclusive).</summary>
    /// <param name="stages">The journey's stage tallies (<see cref="JourneyRecord.Stages"/>).</param>
    /// <param name="endMs">The instant, Unix milliseconds; touchpoints at or after it are not known yet.</param>
    public void Compute(IReadOnlyList<StageTally> stages, long endMs)
    {
        var count = Reach.Length;
        var optional = _funnel.OptionalStages;
        var closed = _funnel.Mode == FunnelMode.Closed;
        TouchMark? later = null;
        Furthest = -1;
        for (var s = count - 1; s >= 0; s--)
        {
            var visit = s < stages.Count && stages[s].First is { } first && first.AtMs < endMs ? first : (TouchMark?)null;
            later = TouchMark.Earlier(later, visit);
            Reach[s] = closed && !optional[s] ? later : visit;
            Implied[s] = Reach[s] is { } reach && (visit is not { } v || reach < v);
            if (Reach[s] is not null && Furthest < 0)
            {
                Furthest = s;
            }
        }

        for (var s = 0; s < count; s++)
        {
            Skipped[s] = optional[s] && Reach[s] is null && Furthest > s;
            var from = -1;
            for (var t = s - 1; t >= 0 && from < 0; t--)
            {
                if (!optional[t] || (Reach[t] is { } at && (Reach[s] is not { } here || at <= here)))
                {
                    from = t;
                }
            }

            From[s] = from;
            Eligible[s] = from >= 0 && Reach[from] is not null && !Skipped[s];
            Converted[s] = Eligible[s] && Reach[s] is { } reached && reached >= Reach[from]!.Value && WithinWindow(from, reached);
            Timed[s] = Converted[s] && !Implied[s] && !Implied[from];
        }
    }

    private bool WithinWindow(int from, TouchMark reached)
    {
        if (_windowMs is not { } window)
        {
            return true;
        }

        // Measured from the latest real visit at or before the from-stage: an implied reach has no time of its own.
        for (var t = from; t >= 0; t--)
        {
            if (Reach[t] is { } anchor && !Implied[t] && anchor <= reached)
            {
                return reached.AtMs - anchor.AtMs <= window;
            }
        }

        return true;
    }
}
