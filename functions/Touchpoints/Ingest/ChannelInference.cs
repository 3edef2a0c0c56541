using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// Infers a touchpoint's channel when it names none (<c>context.channel</c>): from its campaign's medium, else its
/// campaign's source, else its referrer's host, else <see cref="Channels.Direct"/>. The table is a JSON file
/// (<c>channels/inference.json</c>, path in <c>Touchpoints:ChannelInferencePath</c>) with <c>mediums</c> and
/// <c>sources</c> (value → channel), <c>referrers</c> (host pattern → channel: <c>bing.com</c> matches that host and its
/// subdomains, <c>google.*</c> also any suffix such as <c>www.google.co.uk</c>; the longest pattern wins) and
/// <c>otherReferrer</c> (the channel of any other site's referrer). A medium or source the file does not list falls
/// back to <see cref="Channels.Normalize"/>'s built-in aliases, so the file only extends them.
/// </summary>
public sealed class ChannelInference
{
    private static readonly Lazy<ChannelInference> DefaultTable = new(LoadDefault);

    private readonly Dictionary<string, string> _mediums;
    private readonly Dictionary<string, string> _sources;
    private readonly (string Host, bool AnySuffix, string Channel)[] _referrers;

    private ChannelInference(Dictionary<string, string> mediums, Dictionary<string, string> sources, (string, bool, string)[] referrers, string otherReferrer)
    {
        _mediums = mediums;
        _sources = sources;
        _referrers = referrers;
        OtherReferrer = otherReferrer;
    }

    /// <summary>The table shipped with the library (the same file as <c>channels/inference.json</c>).</summary>
    public static ChannelInference Default => DefaultTable.Value;

    /// <summary>The channel of a referrer from a site no entry names.</summary>
    public string OtherReferrer { get; }

    /// <summary>The channel of a touchpoint.</summary>
    /// <param name="explicitChannel">The channel the message names (<c>context.channel</c> or <c>channel</c>); it wins when set.</param>
    /// <param name="context">What was kept of the message's context.</param>
    /// <param name="pageHost">The host of the page the touchpoint happened on: a referrer from the same host is navigation, not a source.</param>
    public string Infer(string? explicitChannel, TouchpointContext? context, string? pageHost)
    {
        if (!string.IsNullOrWhiteSpace(explicitChannel))
        {
            return Channels.Normalize(explicitChannel);
        }

        if (context?.CampaignMedium is { } medium)
        {
            return _mediums.TryGetValue(medium, out var byMedium) ? byMedium : Channels.Normalize(null, medium);
        }

        if (context?.CampaignSource is { } source)
        {
            return _sources.TryGetValue(source, out var bySource) ? bySource : MatchHost(source) ?? Channels.Normalize(null, null, source);
        }

        if (context?.ReferrerHost is { } referrer && !string.Equals(referrer, pageHost, StringComparison.OrdinalIgnoreCase))
        {
            return MatchHost(referrer) ?? OtherReferrer;
        }

        return Channels.Direct;
    }

    /// <summary>Loads a table file.</summary>
    /// <exception cref="ChannelInferenceException">The file is missing or invalid; the message names every bad entry.</exception>
    public static ChannelInference Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChannelInferenceException(path, [$"cannot be read: {ex.Message}"]);
        }

        return Parse(json, path);
    }

    /// <summary>Parses a table.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">What to call it in errors (the file's path).</param>
    /// <exception cref="ChannelInferenceException">The table is invalid; the message names every bad entry.</exception>
    public static ChannelInference Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        var problems = new List<string>();
        var mediums = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var referrers = new List<(string Host, bool AnySuffix, string Channel)>();
        var otherReferrer = "referral";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ChannelInferenceException(source, [$"$: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ChannelInferenceException(source, ["$: must be an object with 'mediums', 'sources', 'referrers' and 'otherReferrer'"]);
            }

            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "description":
                        break;
                    case "mediums":
                        ReadMap(property, mediums, problems, static _ => null);
                        break;
                    case "sources":
                        ReadMap(property, sources, problems, static _ => null);
                        break;
                    case "referrers":
                        var hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        ReadMap(property, hosts, problems, HostPatternProblem);
                        foreach (var (pattern, channel) in hosts)
                        {
                            var anySuffix = pattern.EndsWith(".*", StringComparison.Ordinal);
                            referrers.Add((anySuffix ? pattern[..^2].ToLowerInvariant() : pattern.ToLowerInvariant(), anySuffix, channel));
                        }

                        break;
                    case "otherReferrer":
                        otherReferrer = ChannelOf(property.Value, "otherReferrer", problems) ?? otherReferrer;
                        break;
                    default:
                        problems.Add($"{property.Name}: unknown entry; a table has 'mediums', 'sources', 'referrers', 'otherReferrer' and 'description'");
                        break;
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new ChannelInferenceException(source, problems);
        }

        // The longest host pattern wins (mail.google.com before google.*), ties in ordinal order so matching is deterministic.
        referrers.Sort(static (a, b) => a.Host.Length != b.Host.Length ? b.Host.Length.CompareTo(a.Host.Length) : string.CompareOrdinal(a.Host, b.Host));
        return new ChannelInference(mediums, sources, [.. referrers], otherReferrer);
    }

    private string? MatchHost(string host)
    {
        host = host.ToLowerInvariant();
        foreach (var (pattern, anySuffix, channel) in _referrers)
        {
            if (Matches(host, pattern, anySuffix))
            {
                return channel;
            }
        }

        return null;
    }

    private static bool Matches(string host, string pattern, bool anySuffix)
    {
        if (!anySuffix)
        {
            return host == pattern || (host.Length > pattern.Length && host.EndsWith(pattern, StringComparison.Ordinal) && host[^(pattern.Length + 1)] == '.');
        }

        // "google.*": a label sequence "google." at the start of the host or after a dot, followed by at least one more label.
        int index;
        if (host.StartsWith(pattern + ".", StringComparison.Ordinal))
        {
            index = 0;
        }
        else
        {
            var inner = host.IndexOf("." + pattern + ".", StringComparison.Ordinal);
            if (inner < 0)
            {
                return false;
            }

            index = inner + 1;
        }

        return host.Length > index + pattern.Length + 1;
    }

    private static void ReadMap(JsonProperty property, Dictionary<string, string> map, List<string> problems, Func<string, string?> keyProblem)
    {
        if (property.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{property.Name}: must be an object of value → channel");
            return;
        }

        foreach (var entry in property.Value.EnumerateObject())
        {
            var path = $"{property.Name}.{entry.Name}";
            if (string.IsNullOrWhiteSpace(entry.Name) || entry.Name.Trim() != entry.Name)
            {
                problems.Add($"{path}: the key must be non-empty, without surrounding spaces");
                continue;
            }

            if (keyProblem(entry.Name) is { } bad)
            {
                problems.Add($"{path}: {bad}");
                continue;
            }

            if (ChannelOf(entry.Value, path, problems) is not { } channel)
            {
                continue;
            }

            if (!map.TryAdd(entry.Name, channel))
            {
                problems.Add($"{path}: listed twice (keys are matched ignoring case)");
            }
        }
    }

    private static string? ChannelOf(JsonElement value, string path, List<string> problems)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        foreach (var channel in Channels.All)
        {
            if (string.Equals(channel, text, StringComparison.Ordinal))
            {
                return channel;
            }
        }

        problems.Add($"{path}: {(text is null ? $"must be a string, not {value.ValueKind}" : $"'{text}' is not a channel")}; one of {string.Join(", ", Channels.All)}");
        return null;
    }

    private static string? HostPatternProblem(string pattern)
    {
        var host = pattern.EndsWith(".*", StringComparison.Ordinal) ? pattern[..^2] : pattern;
        return host.Length == 0 || host.Contains('*', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal)
            || host.StartsWith('.') || host.EndsWith('.') || host.Contains(' ', StringComparison.Ordinal)
            ? "is not a host pattern: a host such as 'bing.com' (also its subdomains) or a name with any suffix such as 'google.*'"
            : null;
    }

    private static ChannelInference LoadDefault()
    {
        using var stream = typeof(ChannelInference).Assembly.GetManifestResourceStream("Touchpoints.channels.inference.json")
            ?? throw new InvalidOperationException("The built-in channel inference table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "(built-in) channels/inference.json");
    }
}
