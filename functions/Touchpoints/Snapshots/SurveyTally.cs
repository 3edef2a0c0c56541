using Touchpoints.Journeys;

namespace Touchpoints.Snapshots;

/// <summary>Counts survey answers by score: NPS 0-10, CSAT 1-5. Tallies of disjoint answers add.</summary>
internal sealed class SurveyTally
{
    private readonly long[] _npsByScore = new long[11];
    private readonly long[] _csatByScore = new long[6];

    /// <summary>Counts an answer; scores out of range are not counted.</summary>
    public void Add(SurveyAnswer answer)
    {
        if (answer.Kind == SurveyKind.Nps && answer.Score <= 10)
        {
            _npsByScore[answer.Score]++;
        }
        else if (answer.Kind == SurveyKind.Csat && answer.Score is >= 1 and <= 5)
        {
            _csatByScore[answer.Score]++;
        }
    }

    /// <summary>Adds another tally.</summary>
    public void Merge(SurveyTally other)
    {
        for (var i = 0; i < _npsByScore.Length; i++)
        {
            _npsByScore[i] += other._npsByScore[i];
        }

        for (var i = 0; i < _csatByScore.Length; i++)
        {
            _csatByScore[i] += other._csatByScore[i];
        }
    }

    /// <summary>The NPS figures: promoters 9-10, passives 7-8, detractors 0-6.</summary>
    public NpsFigures Nps()
    {
        long promoters = _npsByScore[9] + _npsByScore[10], passives = _npsByScore[7] + _npsByScore[8], responses = _npsByScore.Sum();
        var detractors = responses - promoters - passives;
        double? score = responses == 0 ? null : Math.Round((promoters - detractors) * 100.0 / responses, 2, MidpointRounding.AwayFromZero);
        return new NpsFigures(responses, promoters, passives, detractors, score);
    }

    /// <summary>The CSAT figures: satisfied 4-5, neutral 3, dissatisfied 1-2; the score is the satisfied share in percent.</summary>
    public CsatFigures Csat()
    {
        long sum = 0, responses = 0;
        for (var score = 1; score <= 5; score++)
        {
            responses += _csatByScore[score];
            sum += score * _csatByScore[score];
        }

        var satisfied = _csatByScore[4] + _csatByScore[5];
        var dissatisfied = _csatByScore[1] + _csatByScore[2];
        return new CsatFigures(responses, responses == 0 ? null : Math.Round((double)sum / responses, 3, MidpointRounding.AwayFromZero))
        {
            Satisfied = satisfied,
            Neutral = _csatByScore[3],
            Dissatisfied = dissatisfied,
            Score = responses == 0 ? null : Math.Round(satisfied * 100.0 / responses, 2, MidpointRounding.AwayFromZero),
        };
    }
}
