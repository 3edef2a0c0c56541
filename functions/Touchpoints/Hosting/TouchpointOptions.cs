using Touchpoints.Ingest;

namespace Touchpoints.Hosting;

/// <summary>
/// The pipeline's settings, bound from the <c>Touchpoints</c> configuration section (app settings
/// <c>Touchpoints__TableName</c>, <c>Touchpoints__BucketCount</c>, …). Invalid values fail at start.
/// </summary>
public sealed class TouchpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Touchpoints";

    /// <summary>The journey table's name. Default <c>journeys</c>.</summary>
    public string TableName { get; set; } = "journeys";

    /// <summary>
    /// How many bucket partitions customers are spread over. Fixed per deployment: changing it moves every customer.
    /// Default 16: Azure allows 2,000 entities/s per partition and 20,000 per account, so 16 buckets reach the account's limit
    /// while keeping entity group transactions full.
    /// </summary>
    public int BucketCount { get; set; } = 16;

    /// <summary>A funnel definition file, or a folder of them. Relative paths are from the app's folder. Default <c>funnels/default.json</c>.</summary>
    public string FunnelPath { get; set; } = "funnels/default.json";

    /// <summary>The blob container for inputs that could not be applied. Default <c>deadletter</c>.</summary>
    public string DeadLetterContainer { get; set; } = "deadletter";

    /// <summary>The blob container for daily snapshots. Default <c>snapshots</c>.</summary>
    public string SnapshotContainer { get; set; } = "snapshots";

    /// <summary>
    /// Write keys by source name (<c>Touchpoints__WriteKeys__web=…</c>). A request must carry one of them as the Basic
    /// auth user name or in the body's <c>writeKey</c>; with none configured, every request is refused.
    /// </summary>
    public Dictionary<string, string> WriteKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The write key a tracking pixel must carry (<c>wk</c> query parameter) when set; pixels cannot send headers. Default: none required.</summary>
    public bool PixelRequiresWriteKey { get; set; }

    /// <summary>
    /// What happens to IP addresses (Segment's <c>context.ip</c>) in what the pipeline stores, before it is stored:
    /// <see cref="IpAddressHandling.Truncate"/> (the default: IPv4 /24, IPv6 /48), <c>Remove</c> or <c>Keep</c>.
    /// </summary>
    public IpAddressHandling IpAddresses { get; set; } = IpAddressHandling.Truncate;

    /// <summary>
    /// The personal fields of <c>traits</c> and <c>context</c> kept in what is stored (timeline rows): <c>traits.&lt;name&gt;</c>,
    /// <c>traits.*</c>, <c>context.ip</c> (stored as <see cref="IpAddresses"/> says) and <c>context.userAgent</c>. Default: none.
    /// The campaign, the referrer's host and the page path are always kept (see <see cref="ContextPolicy"/>).
    /// </summary>
    public string[] KeepFields { get; set; } = [];

    /// <summary>
    /// The channel inference table (<see cref="ChannelInference"/>). Relative paths are from the app's folder. Default
    /// <c>channels/inference.json</c>.
    /// </summary>
    public string ChannelInferencePath { get; set; } = "channels/inference.json";

    /// <summary>Whether the pixel sets and reads a first-party anonymous id cookie when a request has no id. Default true.</summary>
    public bool AnonymousIdCookie { get; set; } = true;

    /// <summary>The anonymous id cookie's name. Default <c>tp_aid</c>.</summary>
    public string AnonymousIdCookieName { get; set; } = "tp_aid";

    /// <summary>
    /// Origins allowed to call the browser paths (pixel, beacon, JSON API) cross-origin; <c>*</c> for any, or the single entry
    /// <c>none</c> for no cross-origin caller (it matches no origin; a deployment says "none" this way because an empty list
    /// cannot be told apart from an unset one). Default: empty, which means any. (Not <c>["*"]</c>: the configuration binder
    /// appends configured array items to a default array, so a configured list could never narrow it.)
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>The most touchpoints the group commit writes in one storage batch. Default 500.</summary>
    public int GroupCommitMaxTouchpoints { get; set; } = 500;

    /// <summary>How long the group commit waits for more requests to join a batch, in milliseconds. Default 4.</summary>
    public int GroupCommitMaxWaitMilliseconds { get; set; } = 4;

    /// <summary>How many journey records each process caches with their ETags, to skip the read in steady state. Default 100,000.</summary>
    public int JourneyCacheSize { get; set; } = 100_000;

    /// <summary>
    /// How often, in seconds, each process reads the suppressed ids again: an erase with suppression on another instance
    /// takes effect here within this time (on the instance that took the request, at once). Default 60, 0 to 3600.
    /// </summary>
    public int SuppressionRefreshSeconds { get; set; } = 60;

    /// <summary>The <see cref="CorsOrigins"/> entry that allows no origin.</summary>
    public const string NoCorsOrigins = "none";

    /// <summary>The resolved funnel path.</summary>
    public string ResolveFunnelPath() => Path.IsPathRooted(FunnelPath) ? FunnelPath : Path.Combine(AppContext.BaseDirectory, FunnelPath);

    /// <summary>The full path of <see cref="ChannelInferencePath"/>.</summary>
    public string ResolveChannelInferencePath() =>
        Path.IsPathRooted(ChannelInferencePath) ? ChannelInferencePath : Path.Combine(AppContext.BaseDirectory, ChannelInferencePath);

    /// <summary>
    /// Whether a setting's value is an App Service Key Vault (or App Configuration) reference that the platform did not resolve.
    /// When the app's identity cannot read the secret yet (its role not yet effective at the first start, a network rule,
    /// a missing secret), the platform passes the reference text itself as the value; taking that text as a write key would
    /// make a public, guessable string a valid key.
    /// </summary>
    internal static bool IsUnresolvedPlatformReference(string? value)
    {
        var text = value.AsSpan().TrimStart();
        return text.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("@Microsoft.AppConfiguration(", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The start-up error for an unresolved reference in <paramref name="setting"/>; it never repeats the value.</summary>
    internal static string UnresolvedPlatformReferenceProblem(string setting) =>
        $"{setting} is an unresolved Key Vault reference ('@Microsoft.KeyVault(...)'): the platform passed the reference text instead of "
        + "the secret because the app's identity could not read it. Check that the identity has Key Vault Secrets User on the vault "
        + "and is the site's keyVaultReferenceIdentity, then refresh the references (infra/hooks/postprovision) or restart the app.";

    /// <summary>Every problem with the values, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();

        // An unresolved reference is reported alone, before the checks below would print the reference text as a bad value.
        var unresolved = new List<string>();
        foreach (var (setting, value) in new[]
        {
            ("TableName", TableName), ("FunnelPath", FunnelPath), ("DeadLetterContainer", DeadLetterContainer),
            ("SnapshotContainer", SnapshotContainer), ("AnonymousIdCookieName", AnonymousIdCookieName),
            ("ChannelInferencePath", ChannelInferencePath),
        })
        {
            if (IsUnresolvedPlatformReference(value))
            {
                unresolved.Add($"{SectionName}:{setting}");
            }
        }

        for (var i = 0; i < CorsOrigins.Length; i++)
        {
            if (IsUnresolvedPlatformReference(CorsOrigins[i]))
            {
                unresolved.Add($"{SectionName}:CorsOrigins:{i}");
            }
        }

        foreach (var (source, key) in WriteKeys)
        {
            if (IsUnresolvedPlatformReference(key))
            {
                unresolved.Add($"{SectionName}:WriteKeys:{source}");
            }
        }

        if (unresolved.Count > 0)
        {
            foreach (var setting in unresolved)
            {
                problems.Add(UnresolvedPlatformReferenceProblem(setting));
            }

            return problems;
        }

        if (CorsOrigins.Length > 1 && CorsOrigins.Contains(NoCorsOrigins, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{SectionName}:CorsOrigins lists '{NoCorsOrigins}' with other origins; '{NoCorsOrigins}' must be the only entry.");
        }

        if (BucketCount is < 1 or > 1024)
        {
            problems.Add($"Touchpoints:BucketCount is {BucketCount}; it must be 1 to 1024.");
        }

        if (string.IsNullOrWhiteSpace(TableName) || TableName.Length is < 3 or > 63 || !TableName.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(TableName[0]))
        {
            problems.Add($"Touchpoints:TableName '{TableName}' must be 3-63 letters and digits, starting with a letter.");
        }

        if (GroupCommitMaxTouchpoints is < 1 or > 10_000)
        {
            problems.Add($"Touchpoints:GroupCommitMaxTouchpoints is {GroupCommitMaxTouchpoints}; it must be 1 to 10000.");
        }

        if (GroupCommitMaxWaitMilliseconds is < 0 or > 1000)
        {
            problems.Add($"Touchpoints:GroupCommitMaxWaitMilliseconds is {GroupCommitMaxWaitMilliseconds}; it must be 0 to 1000.");
        }

        if (SuppressionRefreshSeconds is < 0 or > 3600)
        {
            problems.Add($"Touchpoints:SuppressionRefreshSeconds is {SuppressionRefreshSeconds}; it must be 0 to 3600.");
        }

        if (JourneyCacheSize < 0)
        {
            problems.Add("Touchpoints:JourneyCacheSize must not be negative.");
        }

        problems.AddRange(ContextPolicy.Validate(KeepFields));

        foreach (var (source, key) in WriteKeys)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                problems.Add($"Touchpoints:WriteKeys:{source} is empty.");
            }
        }

        return problems;
    }
}
