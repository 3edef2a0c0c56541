using Azure;
using Azure.Data.Tables;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// Maps a failed transaction (status, error code, the index of the failed action) to what it means for the units in
/// it. Pure: the answers Azure gives are tested without storage.
/// </summary>
internal static class TransactionFailureClassifier
{
    /// <summary>Classifies a failure of a transaction built from units.</summary>
    public static TransactionFailure Classify(RequestFailedException exception, IReadOnlyList<CustomerUnit> units)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(units);
        var index = exception is TableTransactionFailedException failed ? failed.FailedTransactionActionIndex : null;
        var layout = units.Select(static u => (u.Actions.Count, u.Timeline.Count)).ToList();
        return Classify(exception.Status, exception.ErrorCode, index, layout, FirstLine(exception.Message));
    }

    /// <summary>
    /// A refusal by the request rules (Azure's limits, checked before the request is sent) of one entity's content: the
    /// answer Azure gives that request, a 400 with its error code for the action that holds the entity.
    /// </summary>
    public static TransactionFailure Classify(Rules.AzureStorageRuleException exception, int failedIndex, IReadOnlyList<CustomerUnit> units)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(units);
        var layout = units.Select(static u => (u.Actions.Count, u.Timeline.Count)).ToList();
        return Classify(400, exception.AzureErrorCode, failedIndex, layout, FirstLine(exception.Message));
    }

    /// <summary>Classifies a failure, given each unit's action count and how many of its actions are timeline inserts.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="errorCode">Storage's error code, if any.</param>
    /// <param name="failedIndex">The failed action's index in the transaction, if storage named one.</param>
    /// <param name="units">Per unit, in transaction order: its actions, and how many of them (first) are timeline inserts.</param>
    /// <param name="message">Storage's message, for the reason.</param>
    public static TransactionFailure Classify(int status, string? errorCode, int? failedIndex, IReadOnlyList<(int Actions, int Timeline)> units, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        var reason = $"storage refused it: HTTP {status} {errorCode ?? "(no error code)"}" + (string.IsNullOrEmpty(message) ? string.Empty : $" ({message})");
        var (unit, action) = Locate(failedIndex, units);
        if (unit < 0)
        {
            // No action named: only a refusal of the request's content can be narrowed down; anything else is for the caller.
            return IsDataRefusal(status, errorCode) || status == 413
                ? new TransactionFailure(TransactionFailureKind.Unattributed, -1, -1, reason)
                : new TransactionFailure(TransactionFailureKind.Fatal, -1, -1, reason);
        }

        var isTimeline = action < units[unit].Timeline;
        return (status, isTimeline) switch
        {
            (409, true) => new TransactionFailure(TransactionFailureKind.Duplicate, unit, action, reason),
            (409 or 412 or 404, false) => new TransactionFailure(TransactionFailureKind.JourneyChanged, unit, action, reason),
            _ when IsDataRefusal(status, errorCode) && isTimeline => new TransactionFailure(TransactionFailureKind.TimelineRejected, unit, action, reason),
            _ when IsDataRefusal(status, errorCode) => new TransactionFailure(TransactionFailureKind.JourneyRejected, unit, action, reason),
            _ => new TransactionFailure(TransactionFailureKind.Fatal, unit, action, reason),
        };
    }

    // A 400 is about the entity's content, except a row repeated in one transaction, which is the writer's own bug.
    private static bool IsDataRefusal(int status, string? errorCode) =>
        status == 400 && !string.Equals(errorCode, "InvalidDuplicateRow", StringComparison.Ordinal);

    private static (int Unit, int Action) Locate(int? failedIndex, IReadOnlyList<(int Actions, int Timeline)> units)
    {
        if (failedIndex is not int index || index < 0)
        {
            return (-1, -1);
        }

        var start = 0;
        for (var u = 0; u < units.Count; u++)
        {
            if (index < start + units[u].Actions)
            {
                return (u, index - start);
            }

            start += units[u].Actions;
        }

        return (-1, -1);
    }

    private static string FirstLine(string message)
    {
        var line = message.AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        line = end >= 0 ? line[..end] : line;
        return line.Length > 200 ? string.Concat(line[..200], "…") : line.ToString();
    }
}
