namespace Touchpoints.Ingest;

/// <summary>
/// The property names of a touchpoint's JSON: short ones for storage (timeline rows are paid per byte), the Segment
/// Spec's own for people and API clients. One writer serves both (<see cref="TouchpointJson.Write"/>).
/// </summary>
public sealed class TouchpointJsonNames
{
    private TouchpointJsonNames(string messageId, string userId, string anonymousId, string previousId, string groupId, string timestamp, string channel, string segment, string properties)
    {
        MessageId = messageId;
        UserId = userId;
        AnonymousId = anonymousId;
        PreviousId = previousId;
        GroupId = groupId;
        Timestamp = timestamp;
        Channel = channel;
        Segment = segment;
        Properties = properties;
    }

    /// <summary>The stored form's names.</summary>
    public static TouchpointJsonNames Compact { get; } = new("id", "uid", "aid", "prev", "gid", "ts", "ch", "seg", "props");

    /// <summary>The Segment Spec's names, for API responses.</summary>
    public static TouchpointJsonNames Public { get; } = new("messageId", "userId", "anonymousId", "previousId", "groupId", "timestamp", "channel", "segment", "properties");

    /// <summary>Name of the message id.</summary>
    public string MessageId { get; }

    /// <summary>Name of the user id.</summary>
    public string UserId { get; }

    /// <summary>Name of the anonymous id.</summary>
    public string AnonymousId { get; }

    /// <summary>Name of the previous id.</summary>
    public string PreviousId { get; }

    /// <summary>Name of the group id.</summary>
    public string GroupId { get; }

    /// <summary>Name of the event time.</summary>
    public string Timestamp { get; }

    /// <summary>Name of the channel.</summary>
    public string Channel { get; }

    /// <summary>Name of the segment.</summary>
    public string Segment { get; }

    /// <summary>Name of the properties object.</summary>
    public string Properties { get; }
}
