namespace Touchpoints.Ingest;

/// <summary>The result of reading one request or event body: the touchpoints it holds, or every problem found.</summary>
public sealed class TouchpointPayload
{
    internal TouchpointPayload(IReadOnlyList<Touchpoint> touchpoints, IReadOnlyList<FieldError> errors, string? writeKey, bool tooLarge)
    {
        Touchpoints = touchpoints;
        Errors = errors;
        WriteKey = writeKey;
        IsTooLarge = tooLarge;
    }

    /// <summary>A payload with no touchpoints and no errors.</summary>
    public static TouchpointPayload Empty { get; } = new([], [], writeKey: null, tooLarge: false);

    /// <summary>The valid touchpoints; empty whenever <see cref="Errors"/> is not (a payload is all or nothing).</summary>
    public IReadOnlyList<Touchpoint> Touchpoints { get; }

    /// <summary>Every problem, each naming its field.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>The <c>writeKey</c> the body carried, for clients (beacons) that cannot set an Authorization header.</summary>
    public string? WriteKey { get; }

    /// <summary>Whether the body or one of its messages is over a size limit.</summary>
    public bool IsTooLarge { get; }

    /// <summary>Whether the payload was accepted.</summary>
    public bool IsValid => Errors.Count == 0;
}
