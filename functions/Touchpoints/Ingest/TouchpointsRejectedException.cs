using Azure;

namespace Touchpoints.Ingest;

/// <summary>
/// Some touchpoints of a call were refused by storage because of their own data; every other touchpoint of the call
/// was applied (or was a duplicate). Retrying the same data fails the same way, so a host answers 400 or dead-letters
/// it. It is a <see cref="RequestFailedException"/> with status 400, so code that handles storage failures handles it too.
/// </summary>
public sealed class TouchpointsRejectedException : RequestFailedException
{
    /// <summary>The error code this exception carries.</summary>
    public const string RejectedErrorCode = "TouchpointRejected";

    /// <summary>Creates the exception.</summary>
    /// <param name="rejected">The touchpoints refused, with their reasons.</param>
    /// <param name="ingested">What the call's other touchpoints did.</param>
    public TouchpointsRejectedException(IReadOnlyList<RejectedTouchpoint> rejected, IngestResult ingested)
        : base(400, Describe(rejected), RejectedErrorCode, null)
    {
        Rejected = rejected;
        Ingested = ingested;
    }

    /// <summary>The touchpoints refused, with their reasons.</summary>
    public IReadOnlyList<RejectedTouchpoint> Rejected { get; }

    /// <summary>What the call's other touchpoints did: they were applied or were duplicates.</summary>
    public IngestResult Ingested { get; }

    private static string Describe(IReadOnlyList<RejectedTouchpoint> rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return rejected.Count switch
        {
            0 => "No touchpoint was rejected.",
            1 => $"Touchpoint {rejected[0].MessageId} was rejected: {rejected[0].Reason}",
            _ => $"{rejected.Count} touchpoints were rejected; the first, {rejected[0].MessageId}: {rejected[0].Reason}",
        };
    }
}
