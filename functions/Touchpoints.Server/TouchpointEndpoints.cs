using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Server;

/// <summary>Maps the library's handlers on the routes of <see cref="TouchpointRoutes"/>, under <c>/api</c>. Wiring only.</summary>
internal static class TouchpointEndpoints
{
    private static readonly string[] Options = ["OPTIONS"];

    public static void MapTouchpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + TouchpointRoutes.Prefix);

        api.MapGet(TouchpointRoutes.Pixel, static (HttpRequest request, PixelHandler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(request, cancellationToken));
        api.MapMethods(TouchpointRoutes.Pixel, Options, static (HttpRequest request, PixelHandler handler) => handler.Preflight(request));
        api.MapGet(TouchpointRoutes.SegmentPixel, static (HttpRequest request, string type, PixelHandler handler, CancellationToken cancellationToken) =>
            handler.HandleSegmentAsync(request, type, cancellationToken));
        api.MapMethods(TouchpointRoutes.SegmentPixel, Options, static (HttpRequest request, PixelHandler handler) => handler.Preflight(request));

        api.MapPost(TouchpointRoutes.Api, static (HttpRequest request, string type, TrackingApiHandler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(request, type, cancellationToken));
        api.MapMethods(TouchpointRoutes.Api, Options, static (HttpRequest request, TrackingApiHandler handler) => handler.Preflight(request));

        api.MapGet(TouchpointRoutes.Health, static () => Results.Text("""{"status":"ok"}""", "application/json"));

        var admin = api.MapGroup(string.Empty).AddEndpointFilter<AdminKeyFilter>();
        admin.MapGet(TouchpointRoutes.Journey, static (HttpRequest request, string id, CustomerHandler handler, CancellationToken cancellationToken) =>
            handler.GetJourneyAsync(request, id, cancellationToken));
        admin.MapDelete(TouchpointRoutes.Customer, static (HttpRequest request, string id, CustomerHandler handler, CancellationToken cancellationToken) =>
            handler.EraseAsync(request, id, cancellationToken));
        admin.MapGet(TouchpointRoutes.Snapshot, static (HttpRequest request, string funnel, string date, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.GetAsync(request, funnel, date, cancellationToken));
        admin.MapPost(TouchpointRoutes.Snapshot, static (HttpRequest request, string funnel, string date, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.RecomputeAsync(request, funnel, date, cancellationToken));
        admin.MapPost(TouchpointRoutes.Snapshots, static (HttpRequest request, string funnel, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.BackfillAsync(request, funnel, cancellationToken));
        admin.MapPost(TouchpointRoutes.LocalEventHub, static (HttpRequest request, string hub, LocalEventHubHandler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(request, hub, cancellationToken));
    }
}
