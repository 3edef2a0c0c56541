namespace Touchpoints.Ingest;

/// <summary>One input as <see cref="BotScreen"/> sees it.</summary>
public sealed record ScreenedInput
{
    /// <summary>The metrics and storage source: <c>pixel</c>, <c>http</c>, <c>eventhubs</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The route or event hub, for logs.</summary>
    public required string Route { get; init; }

    /// <summary>The request's header signals; null for an input without a request (an Event Hubs event).</summary>
    public BotRequestSignals? Request { get; init; }

    /// <summary>Whether a request without a user agent is not a person's (the pixel: browsers and mail clients always send one).</summary>
    public bool UserAgentExpected { get; init; }

    /// <summary>The body the touchpoints were read from (a pixel: its decoded message).</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>What is kept when the whole request is filtered, when not <see cref="Body"/> (a pixel: its path and query, as received).</summary>
    public ReadOnlyMemory<byte>? ReviewBody { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Where it came from in more detail, kept with the filtered touchpoints.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
