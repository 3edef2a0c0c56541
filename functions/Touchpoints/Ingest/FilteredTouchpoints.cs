namespace Touchpoints.Ingest;

/// <summary>Touchpoints of one request (or event) that were not a person's, kept for review with the reason.</summary>
public sealed record FilteredTouchpoints
{
    /// <summary>Where they came from: <c>pixel</c>, <c>http</c>, <c>eventhubs</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Why (<see cref="BotFilter"/>): a short identifier.</summary>
    public required string Reason { get; init; }

    /// <summary>How many touchpoints were filtered.</summary>
    public required int Touchpoints { get; init; }

    /// <summary>The user agent that decided it, when one did.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The filtered input: the whole body, or a JSON array of the filtered messages of a batch (a pixel: its path and query).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Where it came from in more detail: route, partition, sequence number.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
