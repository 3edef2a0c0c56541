using Touchpoints.Journeys;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Journeys;

public sealed class SurveyShapeTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"nps":9}""", 9, null)]
    [InlineData("""{"score":9,"survey":"nps"}""", 9, null)]
    [InlineData("""{"rating":"9","survey":"NPS"}""", 9, null)]
    [InlineData("""{"csat":4}""", null, 4)]
    [InlineData("""{"score":4,"survey":"csat"}""", null, 4)]
    [InlineData("""{"rating":4,"survey":"csat"}""", null, 4)]
    [InlineData("""{"rating":6,"survey":"csat"}""", null, null)]
    [InlineData("""{"score":9}""", null, null)]
    public void Read_WhenAnswerComesInACommonShape_GivesTheScore(string properties, int? nps, int? csat)
    {
        var touchpoint = Message("s1", Day, "Survey Answered", properties: properties);

        Assert.Equal(nps, touchpoint.Nps);
        Assert.Equal(csat, touchpoint.Csat);
    }

    [Theory]
    [InlineData("""{"nps":9}""")]
    [InlineData("""{"score":9,"survey":"nps"}""")]
    [InlineData("""{"rating":10,"survey":"nps"}""")]
    public void Apply_WhenPromoterAnswersInAnyShape_TheNpsRuleReachesAdvocacy(string properties)
    {
        // The default funnel's advocacy rule names property "nps" >= 9.
        var journey = Journey(DefaultFunnel, "s2", Message("s2", Day, "Survey Answered", properties: properties));

        Assert.Equal(4, journey.FurthestStage);
        Assert.Equal(properties.Contains("10", StringComparison.Ordinal) ? 10 : 9, journey.LatestNps);
    }

    [Fact]
    public void Apply_WhenTheDefinitionNamesItsSurveyEventsAndProperties_ReadsOnlyThose()
    {
        // Arrange: NPS only from "Recommendation Given" in "likelihood"; CSAT only from "stars" or a tagged "grade".
        var funnel = FunnelDefinitionLoader.Parse(
            """
            { "id": "own-surveys", "stages": ["aware", "fan"],
              "surveys": { "nps": { "events": ["Recommendation Given"], "properties": ["likelihood"] },
                           "csat": { "properties": ["stars"], "taggedScores": ["grade"] } },
              "rules": [ { "stage": "aware", "type": "page" },
                         { "stage": "fan", "event": "Recommendation Given", "property": { "name": "nps", "op": ">=", "value": 9 } } ] }
            """,
            "own-surveys.json");

        // Act
        var journey = Journey(funnel, "s3",
            Message("s3", Day, "Survey Answered", properties: """{"nps":3}"""),
            Message("s3", Day.AddHours(1), "Recommendation Given", properties: """{"likelihood":10}"""),
            Message("s3", Day.AddHours(2), "Survey Answered", properties: """{"grade":2,"survey":"csat"}"""),
            Message("s3", Day.AddHours(3), "Survey Answered", properties: """{"csat":5}"""));

        // Assert: the "nps" and "csat" shapes the definition does not name are not answers for it.
        Assert.Equal([(SurveyKind.Nps, 10), (SurveyKind.Csat, 2)], journey.SurveyAnswers.Select(static a => (a.Kind, (int)a.Score)));
        Assert.Equal(1, journey.FurthestStage);
        Assert.NotEqual(DefaultFunnel.Hash, funnel.Hash);
    }

    [Fact]
    public void Parse_WhenSurveysSectionIsInvalid_NamesTheRule()
    {
        const string json = """{"id":"f","stages":["a"],"surveys":{"ces":{},"nps":{"fields":["x"]}},"rules":[{"stage":"a","event":"X"}]}""";

        var ex = Assert.Throws<FunnelDefinitionException>(() => FunnelDefinitionLoader.Parse(json, "f.json"));

        Assert.Contains("surveys: unknown survey 'ces'; the kinds are nps and csat", ex.Problems);
        Assert.Contains("surveys.nps: unknown field 'fields'; a survey has events, properties and taggedScores", ex.Problems);
    }
}
