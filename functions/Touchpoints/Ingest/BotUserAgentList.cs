using System.Text.Json;
using System.Text.RegularExpressions;

namespace Touchpoints.Ingest;

/// <summary>
/// The user agents whose touchpoints are not a person's: ordered entries of a pattern and a reason, read from a JSON file
/// (<c>bots/user-agents.json</c>: <c>{"patterns":[{"pattern","reason","note"}]}</c>). The first matching entry names the reason.
/// Patterns are regular expressions matched ignoring case, run by the non-backtracking engine so no pattern (the file's or
/// a configured one) can make matching a hostile user agent slow.
/// </summary>
public sealed class BotUserAgentList
{
    /// <summary>The reason of the list's automated-browser entries, which <see cref="BotFilterOptions.FilterHeadless"/> switches.</summary>
    public const string HeadlessReason = "headless";

    // Longer user agents are matched on their start: every list entry names the agent early, and it bounds the work per request.
    private const int MaxMatchedLength = 512;

    private const RegexOptions PatternOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private static readonly Lazy<BotUserAgentList> DefaultList = new(LoadDefault);

    private readonly (Regex Pattern, string Reason)[] _entries;

    private BotUserAgentList((Regex, string)[] entries)
    {
        _entries = entries;
    }

    /// <summary>The list shipped with the library (the same file as <c>bots/user-agents.json</c>).</summary>
    public static BotUserAgentList Default => DefaultList.Value;

    /// <summary>How many entries the list has.</summary>
    public int Count => _entries.Length;

    /// <summary>The reason of the first entry matching <paramref name="userAgent"/>, or null when none does.</summary>
    /// <param name="userAgent">The user agent.</param>
    /// <param name="includeHeadless">Whether the <see cref="HeadlessReason"/> entries apply.</param>
    public string? Match(string userAgent, bool includeHeadless)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        var text = userAgent.Length > MaxMatchedLength ? userAgent.AsSpan(0, MaxMatchedLength) : userAgent.AsSpan();
        foreach (var (pattern, reason) in _entries)
        {
            if ((includeHeadless || !string.Equals(reason, HeadlessReason, StringComparison.Ordinal)) && pattern.IsMatch(text))
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Reads a list file.</summary>
    /// <exception cref="BotUserAgentListException">The file is missing, not JSON, or an entry is invalid; the message says which.</exception>
    public static BotUserAgentList Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BotUserAgentListException($"The bot user-agent list '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Reads a list from its JSON.</summary>
    /// <param name="json">The file's content.</param>
    /// <param name="origin">Where it came from, for error messages.</param>
    /// <exception cref="BotUserAgentListException">The JSON is malformed or an entry is invalid.</exception>
    public static BotUserAgentList Parse(ReadOnlySpan<byte> json, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("patterns", out var patterns) || patterns.ValueKind != JsonValueKind.Array)
            {
                throw new BotUserAgentListException($"The bot user-agent list '{origin}' must be an object with a 'patterns' array.");
            }

            var entries = new List<(Regex, string)>();
            var index = 0;
            foreach (var entry in patterns.EnumerateArray())
            {
                var pattern = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("pattern", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                var reason = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                if (PatternProblem(pattern) is { } problem)
                {
                    throw new BotUserAgentListException($"The bot user-agent list '{origin}' patterns[{index}].pattern {problem}");
                }

                if (!IsReason(reason))
                {
                    throw new BotUserAgentListException($"The bot user-agent list '{origin}' patterns[{index}].reason must be 1-32 lowercase letters, digits and underscores.");
                }

                entries.Add((Compile(pattern!), reason!));
                index++;
            }

            return new BotUserAgentList([.. entries]);
        }
        catch (JsonException ex)
        {
            throw new BotUserAgentListException($"The bot user-agent list '{origin}' is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Why a pattern cannot be used (empty, or not a regular expression the non-backtracking engine runs), or null when it can.</summary>
    public static string? PatternProblem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "is empty.";
        }

        try
        {
            _ = Compile(pattern);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return $"is not a usable regular expression: {ex.Message}";
        }
    }

    /// <summary>Whether a reason is a short lowercase identifier, safe as a blob folder and a metric tag.</summary>
    public static bool IsReason(string? reason) =>
        reason is { Length: >= 1 and <= 32 } && reason.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>One pattern (a configured one), compiled as the list's are.</summary>
    internal static Regex Compile(string pattern) => new(pattern, PatternOptions);

    private static BotUserAgentList LoadDefault()
    {
        const string Name = "Touchpoints.bots.user-agents.json";
        using var stream = typeof(BotUserAgentList).Assembly.GetManifestResourceStream(Name)
            ?? throw new InvalidOperationException($"The embedded resource {Name} is missing from {typeof(BotUserAgentList).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray(), Name);
    }
}
