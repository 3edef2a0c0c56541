namespace Touchpoints.Ingest;

/// <summary>
/// Decides whether a touchpoint is a person's, from what its request and its message say about the sender: a link
/// prefetch, a pixel without a user agent, a user agent on the list (<see cref="BotUserAgentList"/>) or configured, an
/// automated browser. Pure: no I/O, the same inputs always give the same reason. A reason is a short identifier
/// (<c>prefetch</c>, <c>empty_user_agent</c>, <c>headless</c>, <c>configured</c>, or one of the list's), safe as a metric
/// tag and a blob folder.
/// </summary>
public sealed class BotFilter
{
    /// <summary>The reason of a link prefetch.</summary>
    public const string PrefetchReason = "prefetch";

    /// <summary>The reason of a pixel request without a user agent.</summary>
    public const string EmptyUserAgentReason = "empty_user_agent";

    /// <summary>The reason of a user agent matching <see cref="BotFilterOptions.ExtraPatterns"/>.</summary>
    public const string ConfiguredReason = "configured";

    private readonly BotFilterOptions _options;
    private readonly BotUserAgentList _list;
    private readonly System.Text.RegularExpressions.Regex[] _extra;
    private readonly System.Text.RegularExpressions.Regex[] _allow;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">The settings (valid: see <see cref="BotFilterOptions.Validate"/>).</param>
    /// <param name="list">The user-agent list.</param>
    public BotFilter(BotFilterOptions options, BotUserAgentList list)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _list = list ?? throw new ArgumentNullException(nameof(list));
        _extra = [.. options.ExtraPatterns.Select(BotUserAgentList.Compile)];
        _allow = [.. options.AllowPatterns.Select(BotUserAgentList.Compile)];
    }

    /// <summary>Whether the filter filters anything.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>
    /// The reason a whole request is not a person's, or null. For the pixel (<paramref name="userAgentExpected"/>) a
    /// missing user agent is a reason; the API's back-end callers may send none.
    /// </summary>
    public string? ClassifyRequest(BotRequestSignals signals, bool userAgentExpected)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (!_options.Enabled)
        {
            return null;
        }

        if (_options.FilterPrefetch && signals.Prefetch)
        {
            return PrefetchReason;
        }

        if (signals.UserAgent is null)
        {
            return userAgentExpected && _options.FilterEmptyUserAgent ? EmptyUserAgentReason : null;
        }

        return ClassifyAgent(signals.UserAgent, webdriver: false);
    }

    /// <summary>The reason a message's sender (its <c>context.userAgent</c>, its <c>context.webdriver</c>) is not a person, or null.</summary>
    public string? ClassifyAgent(string? userAgent, bool webdriver)
    {
        if (!_options.Enabled)
        {
            return null;
        }

        if (userAgent is not null && Matches(_allow, userAgent))
        {
            return null;
        }

        if (webdriver && _options.FilterHeadless)
        {
            return BotUserAgentList.HeadlessReason;
        }

        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        return _list.Match(userAgent, _options.FilterHeadless) ?? (Matches(_extra, userAgent) ? ConfiguredReason : null);
    }

    private static bool Matches(System.Text.RegularExpressions.Regex[] patterns, string userAgent)
    {
        var text = userAgent.Length > 512 ? userAgent.AsSpan(0, 512) : userAgent.AsSpan();
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }
}
