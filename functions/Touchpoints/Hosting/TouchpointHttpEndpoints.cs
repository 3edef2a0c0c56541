namespace Touchpoints.Hosting;

/// <summary>
/// The one table of HTTP endpoints both hosts follow: the local server maps exactly these, and a test checks that the
/// Functions app's generated <c>functions.metadata</c> declares exactly <see cref="Shared"/> with the same routes,
/// methods and access.
/// </summary>
public static class TouchpointHttpEndpoints
{
    /// <summary>The endpoints both hosts serve.</summary>
    public static IReadOnlyList<TouchpointHttpEndpoint> Shared { get; } =
    [
        new(TouchpointFunctionNames.Pixel, TouchpointRoutes.Pixel, "GET", EndpointAccess.Anonymous),
        new(TouchpointFunctionNames.PixelPreflight, TouchpointRoutes.Pixel, "OPTIONS", EndpointAccess.Anonymous),
        new(TouchpointFunctionNames.SegmentPixel, TouchpointRoutes.SegmentPixel, "GET", EndpointAccess.Anonymous),
        new(TouchpointFunctionNames.SegmentPixelPreflight, TouchpointRoutes.SegmentPixel, "OPTIONS", EndpointAccess.Anonymous),
        new(TouchpointFunctionNames.TrackingApi, TouchpointRoutes.Api, "POST", EndpointAccess.Anonymous),
        new(TouchpointFunctionNames.TrackingApiPreflight, TouchpointRoutes.Api, "OPTIONS", EndpointAccess.Anonymous),
        new(TouchpointFunctionNames.CustomerJourney, TouchpointRoutes.Journey, "GET", EndpointAccess.Function),
        new(TouchpointFunctionNames.EraseCustomer, TouchpointRoutes.Customer, "DELETE", EndpointAccess.Function),
        new(TouchpointFunctionNames.CustomerJourneyByQuery, TouchpointRoutes.JourneyByQuery, "GET", EndpointAccess.Function),
        new(TouchpointFunctionNames.EraseCustomerByQuery, TouchpointRoutes.CustomerByQuery, "DELETE", EndpointAccess.Function),
        new(TouchpointFunctionNames.LiftSuppression, TouchpointRoutes.Suppressions, "DELETE", EndpointAccess.Function),
        new(TouchpointFunctionNames.GetSnapshot, TouchpointRoutes.Snapshot, "GET", EndpointAccess.Function),
        new(TouchpointFunctionNames.RecomputeSnapshot, TouchpointRoutes.Snapshot, "POST", EndpointAccess.Function),
        new(TouchpointFunctionNames.BackfillSnapshots, TouchpointRoutes.Snapshots, "POST", EndpointAccess.Function),

        // The page holds no data (a browser cannot send a header on a navigation, and a key in the URL would end up in
        // history and logs); the reads it makes carry the key the viewer types in.
        new(TouchpointFunctionNames.Dashboard, TouchpointRoutes.Dashboard, "GET", EndpointAccess.Anonymous),
    ];

    /// <summary>
    /// The local server's own endpoints: a liveness probe, and the stand-in for the Event Hubs trigger (the Functions
    /// app has the trigger itself).
    /// </summary>
    public static IReadOnlyList<TouchpointHttpEndpoint> LocalOnly { get; } =
    [
        new(TouchpointFunctionNames.Health, TouchpointRoutes.Health, "GET", EndpointAccess.Anonymous),
        new(TouchpointFunctionNames.LocalEventHub, TouchpointRoutes.LocalEventHub, "POST", EndpointAccess.Function),
    ];
}
