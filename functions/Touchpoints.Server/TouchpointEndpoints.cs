using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Server;

/// <summary>
/// Maps every endpoint of <see cref="TouchpointHttpEndpoints"/> under <c>/api</c>, with its route, method, name and
/// access from that table, to the library handler that serves it. Wiring only.
/// </summary>
internal static class TouchpointEndpoints
{
    private static readonly Dictionary<string, Delegate> Handlers = new(StringComparer.Ordinal)
    {
        [TouchpointFunctionNames.Pixel] = static (HttpRequest request, PixelHandler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(request, cancellationToken),
        [TouchpointFunctionNames.PixelPreflight] = static (HttpRequest request, PixelHandler handler) => handler.Preflight(request),
        [TouchpointFunctionNames.SegmentPixel] = static (HttpRequest request, string type, PixelHandler handler, CancellationToken cancellationToken) =>
            handler.HandleSegmentAsync(request, type, cancellationToken),
        [TouchpointFunctionNames.SegmentPixelPreflight] = static (HttpRequest request, PixelHandler handler) => handler.Preflight(request),
        [TouchpointFunctionNames.TrackingApi] = static (HttpRequest request, string type, TrackingApiHandler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(request, type, cancellationToken),
        [TouchpointFunctionNames.TrackingApiPreflight] = static (HttpRequest request, TrackingApiHandler handler) => handler.Preflight(request),
        [TouchpointFunctionNames.CustomerJourney] = static (HttpRequest request, string id, CustomerHandler handler, CancellationToken cancellationToken) =>
            handler.GetJourneyAsync(request, id, cancellationToken),
        [TouchpointFunctionNames.EraseCustomer] = static (HttpRequest request, string id, CustomerHandler handler, CancellationToken cancellationToken) =>
            handler.EraseAsync(request, id, cancellationToken),
        [TouchpointFunctionNames.CustomerJourneyByQuery] = static (HttpRequest request, CustomerHandler handler, CancellationToken cancellationToken) =>
            handler.GetJourneyByQueryAsync(request, cancellationToken),
        [TouchpointFunctionNames.EraseCustomerByQuery] = static (HttpRequest request, CustomerHandler handler, CancellationToken cancellationToken) =>
            handler.EraseByQueryAsync(request, cancellationToken),
        [TouchpointFunctionNames.GetSnapshot] = static (HttpRequest request, string funnel, string date, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.GetAsync(request, funnel, date, cancellationToken),
        [TouchpointFunctionNames.RecomputeSnapshot] = static (HttpRequest request, string funnel, string date, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.RecomputeAsync(request, funnel, date, cancellationToken),
        [TouchpointFunctionNames.BackfillSnapshots] = static (HttpRequest request, string funnel, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.BackfillAsync(request, funnel, cancellationToken),
        [TouchpointFunctionNames.Health] = static () => Results.Text("""{"status":"ok"}""", "application/json"),
        [TouchpointFunctionNames.LocalEventHub] = static (HttpRequest request, string hub, LocalEventHubHandler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(request, hub, cancellationToken),
    };

    public static void MapTouchpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + TouchpointRoutes.Prefix);
        foreach (var endpoint in TouchpointHttpEndpoints.Shared.Concat(TouchpointHttpEndpoints.LocalOnly))
        {
            if (!Handlers.TryGetValue(endpoint.FunctionName, out var handler))
            {
                throw new InvalidOperationException($"The local server has no handler for endpoint '{endpoint.FunctionName}' ({endpoint.Method} {endpoint.Route}).");
            }

            var builder = api.MapMethods(endpoint.Route, [endpoint.Method], handler).WithName(endpoint.FunctionName);
            if (endpoint.Access == EndpointAccess.Function)
            {
                builder.AddEndpointFilter<AdminKeyFilter>();
            }
        }
    }
}
