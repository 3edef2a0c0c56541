using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Server;

/// <summary>
/// Maps every endpoint of <see cref="TouchpointHttpEndpoints"/> under the route prefix (<c>/api</c> unless
/// <see cref="ServerRouteOptions"/> says otherwise), with its route, method, name and access from that table, to the
/// library handler that serves it; and each configured first-party alias of a collection route to the same handler.
/// Wiring only.
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
        [TouchpointFunctionNames.LiftSuppression] = static (HttpRequest request, CustomerHandler handler, CancellationToken cancellationToken) =>
            handler.LiftSuppressionByQueryAsync(request, cancellationToken),
        [TouchpointFunctionNames.GetSnapshot] = static (HttpRequest request, string funnel, string date, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.GetAsync(request, funnel, date, cancellationToken),
        [TouchpointFunctionNames.RecomputeSnapshot] = static (HttpRequest request, string funnel, string date, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.RecomputeAsync(request, funnel, date, cancellationToken),
        [TouchpointFunctionNames.BackfillSnapshots] = static (HttpRequest request, string funnel, SnapshotHandler handler, CancellationToken cancellationToken) =>
            handler.BackfillAsync(request, funnel, cancellationToken),
        [TouchpointFunctionNames.Dashboard] = static (HttpRequest request, string? path, DashboardHandler handler) => handler.Serve(request, path),
        [TouchpointFunctionNames.Health] = static () => Results.Text("""{"status":"ok"}""", "application/json"),
        [TouchpointFunctionNames.LocalEventHub] = static (HttpRequest request, string hub, LocalEventHubHandler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(request, hub, cancellationToken),
    };

    public static void MapTouchpoints(this IEndpointRouteBuilder app, ServerRouteOptions routes)
    {
        var api = app.MapGroup("/" + routes.Prefix);
        foreach (var endpoint in TouchpointHttpEndpoints.Shared.Concat(TouchpointHttpEndpoints.LocalOnly))
        {
            var builder = api.MapMethods(endpoint.Route, [endpoint.Method], HandlerOf(endpoint)).WithName(endpoint.FunctionName);
            if (endpoint.Access == EndpointAccess.Function)
            {
                builder.AddEndpointFilter<AdminKeyFilter>();
            }
        }

        // Aliases serve only anonymous collection routes (checked when the options were read), so no admin filter; they
        // carry no endpoint name, which stays the function's own.
        foreach (var alias in routes.Aliases)
        {
            foreach (var endpoint in TouchpointHttpEndpoints.Shared.Where(e => string.Equals(e.Route, alias.Route, StringComparison.Ordinal)))
            {
                app.MapMethods("/" + alias.Path, [endpoint.Method], HandlerOf(endpoint)).WithDisplayName($"{endpoint.FunctionName} at /{alias.Path}");
            }
        }
    }

    private static Delegate HandlerOf(TouchpointHttpEndpoint endpoint) =>
        Handlers.TryGetValue(endpoint.FunctionName, out var handler)
            ? handler
            : throw new InvalidOperationException($"The local server has no handler for endpoint '{endpoint.FunctionName}' ({endpoint.Method} {endpoint.Route}).");
}
