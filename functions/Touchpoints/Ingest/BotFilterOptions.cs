namespace Touchpoints.Ingest;

/// <summary>
/// How touchpoints that are not a person's are recognised (<see cref="BotFilter"/>), bound from
/// <c>Touchpoints:BotFilter</c> (app settings <c>Touchpoints__BotFilter__Enabled</c>, …). Invalid values fail at start.
/// </summary>
public sealed class BotFilterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Touchpoints:BotFilter";

    /// <summary>Whether touchpoints are filtered at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The user-agent list (patterns and their reasons). Relative paths are from the app's folder. Default
    /// <c>bots/user-agents.json</c>.
    /// </summary>
    public string UserAgentListPath { get; set; } = "bots/user-agents.json";

    /// <summary>
    /// Whether automated browsers are filtered: the list's <c>headless</c> patterns (HeadlessChrome, PhantomJS, Puppeteer,
    /// Playwright, Selenium) and a message whose <c>context.webdriver</c> is true (<c>navigator.webdriver</c>). Default true.
    /// </summary>
    public bool FilterHeadless { get; set; } = true;

    /// <summary>
    /// Whether link prefetches are filtered: a request with <c>Sec-Purpose</c> or <c>Purpose</c> naming <c>prefetch</c> (or
    /// <c>prerender</c>) or <c>X-Moz: prefetch</c>, which the browser made before anyone opened the page. Default true.
    /// </summary>
    public bool FilterPrefetch { get; set; } = true;

    /// <summary>
    /// Whether a pixel request without a <c>User-Agent</c> header is filtered: every browser and mail client sends one.
    /// Only the pixel: back-end services post to the API without one. Default true.
    /// </summary>
    public bool FilterEmptyUserAgent { get; set; } = true;

    /// <summary>More user-agent patterns (regular expressions, ignoring case), filtered with the reason <c>configured</c>. Default: none.</summary>
    public string[] ExtraPatterns { get; set; } = [];

    /// <summary>
    /// User-agent patterns that are never filtered by user agent, even when the list matches (an in-house monitor whose
    /// touchpoints are wanted, a partner's crawler). Prefetch headers still apply. Default: none.
    /// </summary>
    public string[] AllowPatterns { get; set; } = [];

    /// <summary>The blob container filtered touchpoints are kept in for review. Default <c>filtered-touchpoints</c>.</summary>
    public string FilteredContainer { get; set; } = "filtered-touchpoints";

    /// <summary>The full path of <see cref="UserAgentListPath"/>.</summary>
    public string ResolveUserAgentListPath() =>
        Path.IsPathRooted(UserAgentListPath) ? UserAgentListPath : Path.Combine(AppContext.BaseDirectory, UserAgentListPath);

    /// <summary>Every problem with the values, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(UserAgentListPath))
        {
            problems.Add($"{SectionName}:UserAgentListPath is empty.");
        }

        if (string.IsNullOrEmpty(FilteredContainer) || FilteredContainer.Length is < 3 or > 63
            || !FilteredContainer.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || FilteredContainer.StartsWith('-') || FilteredContainer.EndsWith('-') || FilteredContainer.Contains("--", StringComparison.Ordinal))
        {
            problems.Add($"{SectionName}:FilteredContainer '{FilteredContainer}' must be 3-63 lowercase letters, digits and single hyphens.");
        }

        foreach (var (setting, patterns) in new[] { ("ExtraPatterns", ExtraPatterns), ("AllowPatterns", AllowPatterns) })
        {
            for (var i = 0; i < patterns.Length; i++)
            {
                if (BotUserAgentList.PatternProblem(patterns[i]) is { } problem)
                {
                    problems.Add($"{SectionName}:{setting}:{i} {problem}");
                }
            }
        }

        return problems;
    }
}
