namespace Touchpoints.Ingest;

/// <summary>An input that could not be applied, kept with the reason so nothing is dropped silently.</summary>
public sealed record DeadLetter
{
    /// <summary>Where it came from: <c>pixel</c>, <c>http</c>, <c>eventhubs</c>, <c>replay</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Why it was not applied, in one line.</summary>
    public required string Reason { get; init; }

    /// <summary>The field errors, when validation rejected it.</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>The body as received (for a pixel: the query string).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Where it came from in more detail: partition, sequence number, route.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
