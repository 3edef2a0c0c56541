namespace Touchpoints.Hosting;

/// <summary>
/// The route templates both hosts map, relative to the <c>api</c> prefix (host.json <c>extensions.http.routePrefix</c>
/// in Azure Functions, a route group in the local server). One place, so the two hosts cannot drift apart.
/// </summary>
/// <remarks>
/// No two templates differ only in a literal versus a parameter segment: the Functions host matches routes in
/// function-name order rather than by specificity, so <c>v1/pixel/{type}</c> (three segments) and <c>v1/{type}</c>
/// (two) are told apart by length alone.
/// </remarks>
public static class TouchpointRoutes
{
    /// <summary>The prefix every route is under.</summary>
    public const string Prefix = "api";

    /// <summary>The tracking pixel with short query parameters: <c>GET /api/t.gif?e=…&amp;uid=…</c>.</summary>
    public const string Pixel = "t.gif";

    /// <summary>Segment's pixel form: <c>GET /api/v1/pixel/{type}?data=&lt;base64 JSON message&gt;</c>.</summary>
    public const string SegmentPixel = "v1/pixel/{type}";

    /// <summary>
    /// The Segment-compatible JSON API: <c>POST /api/v1/{track|page|screen|identify|alias|group|batch}</c>, and the
    /// one-letter paths of Segment's browser SDK, <c>/api/v1/{t|p|s|i|a|g|b}</c>. One template for all of them, so
    /// every path form has the same handler, write-key rules, CORS and size limits in both hosts.
    /// </summary>
    public const string Api = "v1/{type}";

    /// <summary>A customer's journeys and newest timeline page: <c>GET /api/customers/{id}/journey</c>.</summary>
    public const string Journey = "customers/{id}/journey";

    /// <summary>A customer, for erasure: <c>DELETE /api/customers/{id}</c>.</summary>
    public const string Customer = "customers/{id}";

    /// <summary>
    /// A customer's journeys, the id in the query: <c>GET /api/journeys?id=…</c>. A path segment cannot carry every id
    /// that ingest accepts (<c>/</c>, <c>?</c>, <c>#</c>, <c>%</c>, control characters); a query parameter can.
    /// </summary>
    /// <summary>The suppression of the id in the query (<c>?id=</c>): <c>DELETE</c> lifts it.</summary>
    public const string Suppressions = "suppressions";

    public const string JourneyByQuery = "journeys";

    /// <summary>A customer, for erasure, the id in the query: <c>DELETE /api/customers?id=…</c>.</summary>
    public const string CustomerByQuery = "customers";

    /// <summary>One day's funnel snapshot: <c>GET</c> reads it (<c>latest</c> for the newest), <c>POST</c> recomputes it.</summary>
    public const string Snapshot = "funnels/{funnel}/snapshots/{date}";

    /// <summary>A funnel's snapshots: <c>POST ?from=&amp;to=</c> backfills a range of days.</summary>
    public const string Snapshots = "funnels/{funnel}/snapshots";

    /// <summary>
    /// The dashboard's page and files: <c>GET /api/dashboard/</c> (and <c>/api/dashboard</c>, which redirects there), then
    /// <c>dashboard/dashboard.js</c> and <c>dashboard/dashboard.css</c>.
    /// </summary>
    public const string Dashboard = "dashboard/{*path}";

    /// <summary>The local server's liveness probe: <c>GET /api/health</c>.</summary>
    public const string Health = "health";

    /// <summary>The local server's stand-in for an Event Hubs trigger: <c>POST /api/eventhubs/{hub}</c>.</summary>
    public const string LocalEventHub = "eventhubs/{hub}";
}
