using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class BotFilterTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string HeadlessChrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36";

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "crawler")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", "crawler")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "ai_crawler")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "link_preview")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "link_preview")]
    [InlineData("Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", "monitor")]
    [InlineData("Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", "monitor")]
    [InlineData(HeadlessChrome, "headless")]
    [InlineData("Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1", "headless")]
    [InlineData("curl/8.5.0", "scraper")]
    [InlineData("SomeNewThing-Crawler/1.0", "crawler")]
    public void ClassifyAgent_WhenTheListNamesTheAgent_ThenItsReason(string userAgent, string reason)
    {
        Assert.Equal(reason, Filter().ClassifyAgent(userAgent, webdriver: false));
    }

    [Theory]
    [InlineData(Chrome)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36")]
    [InlineData("analytics-node-next/latest")]
    [InlineData("axios/1.7.2")]
    [InlineData("node")]
    public void ClassifyAgent_WhenAPersonsBrowserOrABackEndSdk_ThenNotFiltered(string userAgent)
    {
        Assert.Null(Filter().ClassifyAgent(userAgent, webdriver: false));
    }

    [Fact]
    public void ClassifyAgent_WhenHeadlessFilteringIsOff_ThenHeadlessBrowsersAndWebdriverPass()
    {
        var filter = Filter(new BotFilterOptions { FilterHeadless = false });

        Assert.Null(filter.ClassifyAgent(HeadlessChrome, webdriver: false));
        Assert.Null(filter.ClassifyAgent(Chrome, webdriver: true));
        Assert.Equal("crawler", filter.ClassifyAgent("Googlebot/2.1", webdriver: false));
    }

    [Fact]
    public void ClassifyAgent_WhenNavigatorWebdriverIsSent_ThenHeadless()
    {
        Assert.Equal("headless", Filter().ClassifyAgent(Chrome, webdriver: true));
    }

    [Fact]
    public void ClassifyAgent_WhenAllowedOrExtraPatterns_ThenAllowWinsAndExtraIsConfigured()
    {
        var filter = Filter(new BotFilterOptions { AllowPatterns = ["^OurSynthetics/"], ExtraPatterns = ["InternalLoadTest"] });

        Assert.Null(filter.ClassifyAgent("OurSynthetics/1.0 UptimeRobot", webdriver: false));
        Assert.Equal("configured", filter.ClassifyAgent("Mozilla/5.0 InternalLoadTest/3", webdriver: false));
    }

    [Fact]
    public void ClassifyRequest_WhenPrefetchHeaders_ThenPrefetch()
    {
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary { ["User-Agent"] = Chrome, ["Sec-Purpose"] = "prefetch;prerender" };
        var mozilla = new Microsoft.AspNetCore.Http.HeaderDictionary { ["User-Agent"] = Chrome, ["X-Moz"] = "prefetch" };

        Assert.Equal("prefetch", Filter().ClassifyRequest(BotRequestSignals.From(headers), userAgentExpected: false));
        Assert.Equal("prefetch", Filter().ClassifyRequest(BotRequestSignals.From(mozilla), userAgentExpected: false));
        Assert.Null(Filter(new BotFilterOptions { FilterPrefetch = false }).ClassifyRequest(BotRequestSignals.From(headers), userAgentExpected: false));
    }

    [Fact]
    public void ClassifyRequest_WhenNoUserAgent_ThenFilteredOnlyWhereOneIsExpected()
    {
        var none = BotRequestSignals.From(new Microsoft.AspNetCore.Http.HeaderDictionary());

        Assert.Equal("empty_user_agent", Filter().ClassifyRequest(none, userAgentExpected: true));
        Assert.Null(Filter().ClassifyRequest(none, userAgentExpected: false));
    }

    [Fact]
    public void Classify_WhenDisabled_ThenNothingIsFiltered()
    {
        var filter = Filter(new BotFilterOptions { Enabled = false });

        Assert.Null(filter.ClassifyAgent("Googlebot/2.1", webdriver: true));
        Assert.Null(filter.ClassifyRequest(new BotRequestSignals(null, Prefetch: true), userAgentExpected: true));
    }

    [Fact]
    public void Validate_WhenAPatternIsNotARegularExpression_ThenNamesTheSetting()
    {
        var problems = new BotFilterOptions { ExtraPatterns = ["ok", "(unclosed"], FilteredContainer = "Bad_Name" }.Validate();

        Assert.Contains(problems, p => p.StartsWith("Touchpoints:BotFilter:ExtraPatterns:1 ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("FilteredContainer", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WhenTheShippedFileIsRead_ThenItMatchesTheEmbeddedList()
    {
        var file = BotUserAgentList.Load(new BotFilterOptions().ResolveUserAgentListPath());

        Assert.Equal(BotUserAgentList.Default.Count, file.Count);
        Assert.True(file.Count >= 10);
    }

    private static BotFilter Filter(BotFilterOptions? options = null) => new(options ?? new BotFilterOptions(), BotUserAgentList.Default);
}
