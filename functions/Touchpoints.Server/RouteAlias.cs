namespace Touchpoints.Server;

/// <summary>
/// One extra public path of a collection route: <c>{ "Path": "e/x.gif", "Route": "t.gif" }</c> serves the pixel at
/// <c>/e/x.gif</c> as well, with the same handler, methods, write-key rules, CORS and size limits.
/// </summary>
internal sealed class RouteAlias
{
    /// <summary>The public path template, from the site's root (not under the route prefix): <c>e/x.gif</c>, <c>e/{type}</c>.</summary>
    public string Path { get; set; } = "";

    /// <summary>The route of the endpoint table it serves (<c>Touchpoints.Hosting.TouchpointRoutes</c>): <c>t.gif</c>, <c>v1/{type}</c>.</summary>
    public string Route { get; set; } = "";
}
