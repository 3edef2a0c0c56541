namespace Touchpoints.Hosting;

/// <summary>
/// The function names of the Azure Functions app, which the local server gives its endpoints too. Constants, so the
/// app's <c>[Function]</c> attributes can use them.
/// </summary>
public static class TouchpointFunctionNames
{
    /// <summary>The tracking pixel, short form.</summary>
    public const string Pixel = "Pixel";

    /// <summary>CORS preflight of the pixel.</summary>
    public const string PixelPreflight = "PixelPreflight";

    /// <summary>Segment's pixel form.</summary>
    public const string SegmentPixel = "SegmentPixel";

    /// <summary>CORS preflight of Segment's pixel form.</summary>
    public const string SegmentPixelPreflight = "SegmentPixelPreflight";

    /// <summary>The Segment-compatible JSON API.</summary>
    public const string TrackingApi = "TrackingApi";

    /// <summary>CORS preflight of the JSON API.</summary>
    public const string TrackingApiPreflight = "TrackingApiPreflight";

    /// <summary>A customer's journeys and newest timeline page.</summary>
    public const string CustomerJourney = "CustomerJourney";

    /// <summary>Erasure of a customer.</summary>
    public const string EraseCustomer = "EraseCustomer";

    /// <summary>A customer's journeys and newest timeline page, the id in the query.</summary>
    public const string CustomerJourneyByQuery = "CustomerJourneyByQuery";

    /// <summary>Erasure of a customer, the id in the query.</summary>
    public const string EraseCustomerByQuery = "EraseCustomerByQuery";

    /// <summary>Lifts the suppression of an id (<c>DELETE /api/suppressions?id=</c>).</summary>
    public const string LiftSuppression = "LiftSuppression";

    /// <summary>Reads one day's snapshot.</summary>
    public const string GetSnapshot = "GetSnapshot";

    /// <summary>Recomputes one day's snapshot.</summary>
    public const string RecomputeSnapshot = "RecomputeSnapshot";

    /// <summary>Backfills a range of days.</summary>
    public const string BackfillSnapshots = "BackfillSnapshots";

    /// <summary>The dashboard's page and files.</summary>
    public const string Dashboard = "Dashboard";

    /// <summary>The Event Hubs trigger.</summary>
    public const string EventHubTouchpoints = "EventHubTouchpoints";

    /// <summary>The daily snapshot timer.</summary>
    public const string FunnelSnapshot = "FunnelSnapshot";

    /// <summary>The local server's liveness probe (local server only).</summary>
    public const string Health = "Health";

    /// <summary>The local server's stand-in for the Event Hubs trigger (local server only).</summary>
    public const string LocalEventHub = "LocalEventHub";
}
