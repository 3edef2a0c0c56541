namespace Touchpoints.Ingest;

/// <summary>
/// What the reader keeps of a message's personal data and context, and how it infers channels. By default it keeps what
/// attribution needs and no more: the campaign, the referrer's host and the page path; no <c>traits</c> (the segment is
/// read from them first), no IP address, no user agent. A deployment keeps more by naming fields in
/// <c>Touchpoints:KeepFields</c>: <c>traits.&lt;name&gt;</c> (one trait), <c>traits.*</c> (all traits), <c>context.ip</c>
/// (stored as <c>Touchpoints:IpAddresses</c> says: truncated by default) and <c>context.userAgent</c>.
/// </summary>
public sealed class ContextPolicy
{
    /// <summary>The field that keeps the IP address.</summary>
    public const string IpField = "context.ip";

    /// <summary>The field that keeps the user agent.</summary>
    public const string UserAgentField = "context.userAgent";

    /// <summary>The field that keeps every trait.</summary>
    public const string AllTraitsField = "traits.*";

    private const string TraitPrefix = "traits.";

    private readonly HashSet<string> _traits = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a policy.</summary>
    /// <param name="channels">The channel inference table.</param>
    /// <param name="keepFields">The personal fields to keep (see the class); null or empty keeps none.</param>
    /// <param name="ipAddresses">How a kept IP address is stored.</param>
    /// <exception cref="ArgumentException">A field is not one that can be kept (<see cref="Validate"/> names it).</exception>
    public ContextPolicy(ChannelInference channels, IEnumerable<string>? keepFields = null, IpAddressHandling ipAddresses = IpAddressHandling.Truncate)
    {
        Channels = channels ?? throw new ArgumentNullException(nameof(channels));
        var fields = keepFields?.ToArray() ?? [];
        if (Validate(fields) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(keepFields));
        }

        IpAddresses = ipAddresses;
        foreach (var field in fields)
        {
            if (string.Equals(field, IpField, StringComparison.OrdinalIgnoreCase))
            {
                KeepsIp = true;
            }
            else if (string.Equals(field, UserAgentField, StringComparison.OrdinalIgnoreCase))
            {
                KeepsUserAgent = true;
            }
            else if (string.Equals(field, AllTraitsField, StringComparison.OrdinalIgnoreCase))
            {
                KeepsAllTraits = true;
            }
            else
            {
                _traits.Add(field[TraitPrefix.Length..]);
            }
        }
    }

    /// <summary>The default: the built-in inference table, no personal field kept.</summary>
    public static ContextPolicy Default { get; } = new(ChannelInference.Default);

    /// <summary>The channel inference table.</summary>
    public ChannelInference Channels { get; }

    /// <summary>How a kept IP address is stored.</summary>
    public IpAddressHandling IpAddresses { get; }

    /// <summary>Whether <c>context.ip</c> is kept.</summary>
    public bool KeepsIp { get; }

    /// <summary>Whether <c>context.userAgent</c> is kept.</summary>
    public bool KeepsUserAgent { get; }

    /// <summary>Whether every trait is kept.</summary>
    public bool KeepsAllTraits { get; }

    /// <summary>Whether a trait is kept.</summary>
    public bool KeepsTrait(string name) => KeepsAllTraits || _traits.Contains(name);

    /// <summary>Whether any trait is kept.</summary>
    public bool KeepsAnyTrait => KeepsAllTraits || _traits.Count > 0;

    /// <summary>The IP address as stored, or null when it is not kept.</summary>
    public string? KeptIp(string? ip) => !KeepsIp || ip is null ? null : IpAddresses switch
    {
        IpAddressHandling.Keep => TouchpointContext.Bound(ip, 64),
        IpAddressHandling.Truncate => IpAddressMasking.Truncate(ip.Trim()),
        _ => null,
    };

    /// <summary>Every problem with a list of fields to keep, each naming the entry; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> keepFields)
    {
        ArgumentNullException.ThrowIfNull(keepFields);
        var problems = new List<string>();
        for (var i = 0; i < keepFields.Count; i++)
        {
            var field = keepFields[i];
            var valid = field is not null
                && (string.Equals(field, IpField, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(field, UserAgentField, StringComparison.OrdinalIgnoreCase)
                    || (field.StartsWith(TraitPrefix, StringComparison.OrdinalIgnoreCase) && field.Length > TraitPrefix.Length
                        && !string.IsNullOrWhiteSpace(field[TraitPrefix.Length..])
                        && (field[TraitPrefix.Length..] == "*" || !field[TraitPrefix.Length..].Contains('*', StringComparison.Ordinal))));
            if (!valid)
            {
                problems.Add($"Touchpoints:KeepFields:{i} '{field}' is not a field that can be kept: use traits.<name>, traits.*, {IpField} or {UserAgentField}.");
            }
        }

        return problems;
    }
}
