using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// One validated, normalised customer interaction. Event time (<see cref="Timestamp"/>) is already corrected for
/// client clock skew and truncated to milliseconds, so the same message always orders the same way.
/// </summary>
public sealed record Touchpoint
{
    /// <summary>The unique id of the message; duplicates are recognised by it.</summary>
    public required string MessageId { get; init; }

    /// <summary>The message type.</summary>
    public required TouchpointType Type { get; init; }

    /// <summary>The event name of a track call, or the page/screen name; null when there is none.</summary>
    public string? Event { get; init; }

    /// <summary>The known person's id, when known.</summary>
    public string? UserId { get; init; }

    /// <summary>The device or cookie id used before the person is known.</summary>
    public string? AnonymousId { get; init; }

    /// <summary>The previous id an alias call merges into <see cref="UserId"/>.</summary>
    public string? PreviousId { get; init; }

    /// <summary>The group id of a group call.</summary>
    public string? GroupId { get; init; }

    /// <summary>When it happened (UTC, milliseconds), corrected for clock skew.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The normalised channel (one of <see cref="Channels.All"/>).</summary>
    public string Channel { get; init; } = Channels.Direct;

    /// <summary>The message's <c>properties</c> object, or an undefined element when it had none.</summary>
    public JsonElement Properties { get; init; }

    /// <summary>The traits kept of the message's <c>traits</c> object (or <c>context.traits</c>): none by default (<see cref="ContextPolicy"/>); an undefined element when none are.</summary>
    public JsonElement Traits { get; init; }

    /// <summary>What is kept of the message's <c>context</c> (campaign, referrer host, page path; personal fields only where configured), or null.</summary>
    public TouchpointContext? Context { get; init; }

    /// <summary>The segment or persona this touchpoint assigns, if any.</summary>
    public string? Segment { get; init; }

    /// <summary>A Net Promoter Score answer (0-10) this touchpoint carries, if any.</summary>
    public int? Nps { get; init; }

    /// <summary>A customer satisfaction answer (1-5) this touchpoint carries, if any.</summary>
    public int? Csat { get; init; }

    /// <summary>The id journeys are keyed by: the user id when known, else the anonymous id.</summary>
    public string CustomerId => UserId ?? AnonymousId ?? PreviousId ?? throw new InvalidOperationException($"Touchpoint {MessageId} has no id.");

    /// <summary>Whether <see cref="CustomerId"/> is an anonymous id.</summary>
    public bool IsAnonymous => UserId is null;

    /// <summary>The name rules match on: the event for track, the name for page and screen, else the type.</summary>
    public string RuleName => Type switch
    {
        TouchpointType.Track => Event ?? string.Empty,
        _ => Event ?? string.Empty,
    };
}
