using System.Text;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class ChannelInferenceTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static Touchpoint ReadOne(string context) =>
        Assert.Single(TouchpointReader.Read(Encoding.UTF8.GetBytes($$"""{"type":"page","userId":"u","messageId":"m","context":{{context}}}"""), null, At).Touchpoints);

    [Theory]
    [InlineData("""{"page":{"url":"https://a.example/?utm_medium=cpc"}}""", "ads")]
    [InlineData("""{"page":{"url":"https://a.example/?utm_medium=email"}}""", "email")]
    [InlineData("""{"page":{"url":"https://a.example/?utm_medium=affiliate"}}""", "referral")]
    [InlineData("""{"page":{"url":"https://a.example/?utm_source=Google"}}""", "search")]
    [InlineData("""{"page":{"url":"https://a.example/?utm_source=facebook"}}""", "social")]
    [InlineData("""{"page":{"url":"https://a.example/","referrer":"https://www.google.co.uk/search?q=x"}}""", "search")]
    [InlineData("""{"page":{"url":"https://a.example/","referrer":"https://mail.google.com/mail/u/0"}}""", "email")]
    [InlineData("""{"page":{"url":"https://a.example/","referrer":"https://l.facebook.com/l.php"}}""", "social")]
    [InlineData("""{"page":{"url":"https://a.example/","referrer":"https://blog.other.example/post"}}""", "referral")]
    [InlineData("""{"page":{"url":"https://a.example/p","referrer":"https://a.example/cart"}}""", "direct")]
    [InlineData("""{"page":{"url":"https://a.example/?utm_medium=cpc"},"channel":"email"}""", "email")]
    [InlineData("""{"campaign":{"medium":"cpc"},"page":{"url":"https://a.example/?utm_medium=email"}}""", "ads")]
    [InlineData("""{"page":{"url":"https://a.example/?utm_medium=carrier-pigeon"}}""", "other")]
    [InlineData("""{}""", "direct")]
    public void Read_WhenContextNamesNoChannel_ThenItIsInferred(string context, string expected) =>
        Assert.Equal(expected, ReadOne(context).Channel);

    [Fact]
    public void Read_WhenPageUrlHasUtmParameters_ThenTheCampaignIsKept()
    {
        var touchpoint = ReadOne("""{"page":{"url":"https://a.example/shoes/red?utm_source=google&utm_medium=cpc&utm_campaign=spring%20sale&utm_term=red+shoes&utm_content=ad-2#top","referrer":"https://WWW.Bing.com/x"}}""");

        Assert.Equal(
            new TouchpointContext
            {
                CampaignSource = "google",
                CampaignMedium = "cpc",
                CampaignName = "spring sale",
                CampaignTerm = "red shoes",
                CampaignContent = "ad-2",
                ReferrerHost = "www.bing.com",
                PagePath = "/shoes/red",
            },
            touchpoint.Context);
    }

    [Fact]
    public void Read_WhenCampaignObjectIsPresent_ThenTheUrlsUtmParametersAreNotMixedIn()
    {
        var context = ReadOne("""{"campaign":{"name":"winback"},"page":{"url":"https://a.example/?utm_source=google&utm_campaign=spring"}}""").Context!;

        Assert.Equal("winback", context.CampaignName);
        Assert.Null(context.CampaignSource);
    }

    [Theory]
    [InlineData("""{"page":{"url":"http://[::1"}}""")]
    [InlineData("""{"page":{"url":"https://a.example/?utm_campaign=%E0%A4%A&utm_source=%%%","referrer":"not a url"}}""")]
    [InlineData("""{"page":{"url":"?&&=&utm_campaign","referrer":"javascript:alert(1)"}}""")]
    [InlineData("""{"page":{"url":42,"referrer":{"x":1},"path":["/"]},"referrer":"https://x.example"}""")]
    [InlineData("""{"page":"https://a.example/?utm_source=google","ip":7,"userAgent":null}""")]
    [InlineData("""{"page":{"url":"https://a.example:99999/?utm_medium=cpc"}}""")]
    public void Read_WhenUrlsAreMalformed_ThenTheTouchpointIsStillAccepted(string context)
    {
        var payload = TouchpointReader.Read(Encoding.UTF8.GetBytes($$"""{"type":"page","userId":"u","messageId":"m","context":{{context}}}"""), null, At);

        Assert.True(payload.IsValid);
        Assert.Contains(Assert.Single(payload.Touchpoints).Channel, Channels.All);
    }

    [Fact]
    public void Read_WhenAValueIsLong_ThenItIsCut()
    {
        var name = new string('x', 500);

        var context = ReadOne("{\"campaign\":{\"name\":\"" + name + "\"}}").Context!;

        Assert.Equal(TouchpointContext.MaxFieldLength, context.CampaignName!.Length);
    }

    [Fact]
    public void Parse_WhenEntriesAreInvalid_ThenEveryProblemNamesItsEntry()
    {
        var ex = Assert.Throws<ChannelInferenceException>(() => ChannelInference.Parse(
            """{"mediums":{"cpc":"adz","email":"email","EMAIL":"email"},"sources":{"g":7},"referrers":{"https://x.com/":"search","*.bing.com":"search"},"otherReferrer":"nowhere","extra":{}}""",
            "test.json"));

        Assert.Equal("test.json", ex.Source);
        Assert.Contains(ex.Problems, static p => p.StartsWith("mediums.cpc: 'adz' is not a channel", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, static p => p.StartsWith("mediums.EMAIL: listed twice", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, static p => p.StartsWith("sources.g: must be a string", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, static p => p.StartsWith("referrers.https://x.com/: is not a host pattern", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, static p => p.StartsWith("referrers.*.bing.com: is not a host pattern", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, static p => p.StartsWith("otherReferrer: 'nowhere' is not a channel", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, static p => p.StartsWith("extra: unknown entry", StringComparison.Ordinal));
        Assert.Contains("test.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenNotJson_ThenTheFileIsNamed() =>
        Assert.StartsWith("$: not valid JSON", Assert.Throws<ChannelInferenceException>(() => ChannelInference.Parse("{", "bad.json")).Problems[0], StringComparison.Ordinal);

    [Fact]
    public void Load_WhenTheShippedFile_ThenItMatchesTheBuiltInTable()
    {
        var shipped = ChannelInference.Load(Touchpoints.Testing.RepositoryPaths.Combine("channels", "inference.json"));
        var context = new TouchpointContext { ReferrerHost = "www.yandex.ru" };

        Assert.Equal("search", shipped.Infer(null, context, "a.example"));
        Assert.Equal(ChannelInference.Default.Infer(null, context, "a.example"), shipped.Infer(null, context, "a.example"));
    }

    [Fact]
    public void Infer_WhenAConfiguredTableMapsAMedium_ThenItOverridesTheBuiltInAliases()
    {
        var table = ChannelInference.Parse("""{"mediums":{"cpc":"search"},"otherReferrer":"other"}""", "custom.json");

        Assert.Equal("search", table.Infer(null, new TouchpointContext { CampaignMedium = "CPC" }, null));
        Assert.Equal("email", table.Infer(null, new TouchpointContext { CampaignMedium = "newsletter" }, null));
        Assert.Equal("other", table.Infer(null, new TouchpointContext { ReferrerHost = "www.google.com" }, "a.example"));
    }

    [Fact]
    public void Validate_WhenKeepFieldsAreUnknown_ThenEachIsNamed()
    {
        var problems = ContextPolicy.Validate(["traits.email", "context.ip", "context.cookie", "traits.", "traits.e*"]);

        Assert.Equal(3, problems.Count);
        Assert.StartsWith("Touchpoints:KeepFields:2 'context.cookie'", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Touchpoints:KeepFields:3 'traits.'", problems[1], StringComparison.Ordinal);
    }
}
