using Touchpoints.Journeys;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Journeys;

public sealed class FunnelDefinitionLoaderTests
{
    [Fact]
    public void Load_WhenDefaultFileShips_HasTheFiveStages()
    {
        var funnels = FunnelDefinitionLoader.Load(RepositoryPaths.Combine("funnels", "default.json"));

        var funnel = Assert.Single(funnels);
        Assert.Equal(["awareness", "consideration", "purchase", "retention", "advocacy"], funnel.Stages);
        Assert.Equal(2, funnel.ConversionStage);
        Assert.Equal(64, funnel.Hash.Length);
    }

    [Fact]
    public void Parse_WhenRuleNamesUnknownStage_NamesFileRuleAndProblem()
    {
        const string json = """{"id":"f","stages":["a","b"],"rules":[{"stage":"a","event":"X"},{"stage":"c","event":"Y"}]}""";

        var ex = Assert.Throws<FunnelDefinitionException>(() => FunnelDefinitionLoader.Parse(json, "funnels/f.json"));

        Assert.Contains("funnels/f.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rules[1] (stage 'c'): unknown stage 'c'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenStageIsDuplicated_Rejects()
    {
        const string json = """{"id":"f","stages":["a","b","A"],"rules":[{"stage":"a","event":"X"}]}""";

        var ex = Assert.Throws<FunnelDefinitionException>(() => FunnelDefinitionLoader.Parse(json, "f.json"));

        Assert.Contains("stages[2]: duplicate stage 'A'", ex.Problems);
    }

    [Fact]
    public void Parse_WhenRuleHasNoCondition_Rejects()
    {
        const string json = """{"id":"f","stages":["a"],"rules":[{"stage":"a"}]}""";

        var ex = Assert.Throws<FunnelDefinitionException>(() => FunnelDefinitionLoader.Parse(json, "f.json"));

        Assert.Contains("rules[0] (stage 'a'): has no match condition; name at least one of event, type, channel or property", ex.Problems);
    }

    [Fact]
    public void Parse_WhenSeveralProblems_ListsEveryOne()
    {
        const string json = """{"id":"F!","stages":["a"],"rules":[{"stage":"a","channel":"fax"},{"stage":"a","event":"X","occurrence":2,"channel":"web"}]}""";

        var ex = Assert.Throws<FunnelDefinitionException>(() => FunnelDefinitionLoader.Parse(json, "f.json"));

        Assert.Equal(3, ex.Problems.Count);
    }

    [Fact]
    public void Parse_WhenFormattingDiffers_HashIsTheSame()
    {
        var compact = FunnelDefinitionLoader.Parse("""{"id":"f","stages":["a"],"rules":[{"stage":"a","event":"X"}]}""", "1");
        var spaced = FunnelDefinitionLoader.Parse("{ \"id\": \"f\",\n \"stages\": [ \"a\" ],\n \"rules\": [ { \"stage\": \"a\", \"event\": \"X\" } ] }", "2");
        var other = FunnelDefinitionLoader.Parse("""{"id":"f","stages":["a"],"rules":[{"stage":"a","event":"Y"}]}""", "3");

        Assert.Equal(compact.Hash, spaced.Hash);
        Assert.NotEqual(compact.Hash, other.Hash);
    }

    [Fact]
    public void Load_WhenTwoFilesShareAnId_Rejects()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.json"), """{"id":"f","stages":["a"],"rules":[{"stage":"a","event":"X"}]}""");
            File.WriteAllText(Path.Combine(folder.FullName, "b.json"), """{"id":"f","stages":["a"],"rules":[{"stage":"a","event":"Y"}]}""");

            var ex = Assert.Throws<FunnelDefinitionException>(() => FunnelDefinitionLoader.Load(folder.FullName));

            Assert.Contains("already defined", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parse_WhenModeOptionalStagesAndWindowAreGiven_ReadsThem()
    {
        const string json = """{"id":"f","mode":"open","conversionWindow":"P1DT12H","stages":["a",{"name":"b","optional":true},"c"],"conversionStage":"c","rules":[{"stage":"a","event":"X"}]}""";

        var funnel = FunnelDefinitionLoader.Parse(json, "f.json");

        Assert.Equal(FunnelMode.Open, funnel.Mode);
        Assert.Equal([false, true, false], funnel.OptionalStages);
        Assert.Equal(TimeSpan.FromHours(36), funnel.ConversionWindow);
        Assert.Equal(["a", "b", "c"], funnel.Stages);
    }

    [Fact]
    public void Parse_WhenNoModeIsGiven_IsClosedWithTheHashOfTheExplicitDefault()
    {
        var implicitMode = FunnelDefinitionLoader.Parse("""{"id":"f","stages":["a","b"],"rules":[{"stage":"a","event":"X"}]}""", "f.json");
        var explicitMode = FunnelDefinitionLoader.Parse("""{"id":"f","mode":"closed","stages":["a",{"name":"b"}],"rules":[{"stage":"a","event":"X"}]}""", "f.json");
        var open = FunnelDefinitionLoader.Parse("""{"id":"f","mode":"open","stages":["a","b"],"rules":[{"stage":"a","event":"X"}]}""", "f.json");

        Assert.Equal(FunnelMode.Closed, implicitMode.Mode);
        Assert.Null(implicitMode.ConversionWindow);
        Assert.Equal(implicitMode.Hash, explicitMode.Hash);
        Assert.NotEqual(implicitMode.Hash, open.Hash);
    }

    [Theory]
    [InlineData("""{"id":"f","mode":"funnel","stages":["a"],"rules":[{"stage":"a","event":"X"}]}""", "mode: must be \"closed\"")]
    [InlineData("""{"id":"f","conversionWindow":"P1M","stages":["a"],"rules":[{"stage":"a","event":"X"}]}""", "conversionWindow: 'P1M' uses years or months")]
    [InlineData("""{"id":"f","conversionWindow":"30 days","stages":["a"],"rules":[{"stage":"a","event":"X"}]}""", "conversionWindow: '30 days' is not an ISO 8601 duration")]
    [InlineData("""{"id":"f","conversionWindow":"PT0S","stages":["a"],"rules":[{"stage":"a","event":"X"}]}""", "conversionWindow: 'PT0S' must be longer than zero")]
    [InlineData("""{"id":"f","stages":["a",{"name":"b","optional":"yes"}],"rules":[{"stage":"a","event":"X"}]}""", "stages[1]: optional must be true or false")]
    [InlineData("""{"id":"f","stages":["a",{"name":"b","skip":true}],"rules":[{"stage":"a","event":"X"}]}""", "stages[1]: unknown field 'skip'")]
    [InlineData("""{"id":"f","stages":[{"name":"a","optional":true}],"rules":[{"stage":"a","event":"X"}]}""", "stages: every stage is optional")]
    [InlineData("""{"id":"f","conversionStage":"b","stages":["a",{"name":"b","optional":true}],"rules":[{"stage":"a","event":"X"}]}""", "stages[1]: the conversion stage 'b' cannot be optional")]
    public void Parse_WhenModeOptionalOrWindowIsInvalid_NamesTheRule(string json, string problemStart)
    {
        var ex = Assert.Throws<FunnelDefinitionException>(() => FunnelDefinitionLoader.Parse(json, "f.json"));

        Assert.Contains(ex.Problems, p => p.StartsWith(problemStart, StringComparison.Ordinal));
    }
}
