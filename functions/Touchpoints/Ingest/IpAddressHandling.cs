namespace Touchpoints.Ingest;

/// <summary>What happens to IP addresses in what the pipeline stores (dead-lettered bodies), before it is stored.</summary>
public enum IpAddressHandling
{
    /// <summary>Keep the network, drop the host: IPv4 to /24 (<c>203.0.113.0</c>), IPv6 to /48. The default.</summary>
    Truncate,

    /// <summary>Drop the address entirely.</summary>
    Remove,

    /// <summary>Store the address as sent (only where a legal basis allows it).</summary>
    Keep,
}
