namespace Touchpoints.Ingest;

/// <summary>The Segment Spec message types a touchpoint can have.</summary>
public enum TouchpointType
{
    /// <summary>A named action (<c>event</c>), such as <c>Order Completed</c>.</summary>
    Track,

    /// <summary>A web page view.</summary>
    Page,

    /// <summary>A mobile screen view.</summary>
    Screen,

    /// <summary>Who the person is: links <c>anonymousId</c> to <c>userId</c> and carries traits.</summary>
    Identify,

    /// <summary>Merges a previous identity (<c>previousId</c>) into <c>userId</c>.</summary>
    Alias,

    /// <summary>Associates the person with a group (account, company) and its traits.</summary>
    Group,
}
