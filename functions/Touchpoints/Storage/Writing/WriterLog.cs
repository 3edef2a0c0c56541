using Microsoft.Extensions.Logging;

namespace Touchpoints.Storage.Writing;

/// <summary>The write path's log messages. No ids of customers or messages: partitions, counts and storage's reasons only.</summary>
internal static partial class WriterLog
{
    [LoggerMessage(1101, LogLevel.Debug, "Partition {Partition}: a journey row changed under a transaction; its {Rows} journey rows are read again (a change after our read: {AfterRead})", EventName = "JourneysChanged")]
    public static partial void JourneysChanged(this ILogger logger, string partition, int rows, bool afterRead);

    [LoggerMessage(1102, LogLevel.Warning, "Partition {Partition}: storage refused a touchpoint's data; it alone is rejected, the rest are written: {Reason}", EventName = "TouchpointRejected")]
    public static partial void TouchpointRejected(this ILogger logger, string partition, string reason);

    [LoggerMessage(1103, LogLevel.Information, "An anonymous id was linked by an identify earlier than its link's; its history moves to the new user", EventName = "IdentityRelinked")]
    public static partial void IdentityRelinked(this ILogger logger);

    [LoggerMessage(1104, LogLevel.Information, "Finished moving an anonymous history: {Touchpoints} touchpoints, {FromUsers} earlier linked users recomputed", EventName = "MoveFinished")]
    public static partial void MoveFinished(this ILogger logger, int touchpoints, int fromUsers);

    [LoggerMessage(1106, LogLevel.Warning, "An anonymous id was identified as another user by a later identify; it stays with the earliest identify's user, with its history", EventName = "IdentityClaimLost")]
    public static partial void IdentityClaimLost(this ILogger logger);

    [LoggerMessage(1105, LogLevel.Information, "An anonymous id's history was stored while its link changed; the move is marked pending and finished now", EventName = "MovePending")]
    public static partial void MovePending(this ILogger logger);
}
