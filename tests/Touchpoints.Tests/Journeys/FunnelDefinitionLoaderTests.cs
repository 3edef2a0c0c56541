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
}
