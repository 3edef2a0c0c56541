using System.Text.RegularExpressions;
using Touchpoints.Hosting;

namespace Touchpoints.Server;

/// <summary>
/// Where the local server serves the endpoint table: the route prefix, and first-party aliases of the collection
/// routes (a site serving its pixel as <c>/e/x.gif</c> from its own domain, out of ad blockers' lists).
/// </summary>
/// <remarks>
/// The prefix is read from the same setting the Azure Functions host overrides <c>host.json</c>'s
/// <c>extensions.http.routePrefix</c> with (<c>AzureFunctionsJobHost__extensions__http__routePrefix</c>), so one
/// setting moves both hosts. Aliases have no Functions counterpart (its routes are compile-time attributes): there
/// the site's reverse proxy or Front Door rewrites the alias to the route; see the README's deploy section.
/// </remarks>
internal sealed partial class ServerRouteOptions
{
    /// <summary>The setting of the route prefix, the Functions host's override of <c>host.json</c>.</summary>
    public const string PrefixKey = "AzureFunctionsJobHost:extensions:http:routePrefix";

    /// <summary>The section of the aliases: a list of <see cref="RouteAlias"/>.</summary>
    public const string AliasesKey = "Touchpoints:Http:Aliases";

    private ServerRouteOptions(string prefix, IReadOnlyList<RouteAlias> aliases)
    {
        Prefix = prefix;
        Aliases = aliases;
    }

    /// <summary>The route prefix, without slashes; <c>api</c> by default (as in <c>host.json</c>), empty for none.</summary>
    public string Prefix { get; }

    /// <summary>The validated aliases.</summary>
    public IReadOnlyList<RouteAlias> Aliases { get; }

    /// <summary>Reads and checks the settings; a bad one stops the server at start, naming the setting.</summary>
    /// <exception cref="InvalidOperationException">An alias names no collection route, or its parameters differ from the route's.</exception>
    public static ServerRouteOptions From(IConfiguration configuration)
    {
        var prefix = (configuration[PrefixKey] ?? TouchpointRoutes.Prefix).Trim().Trim('/');
        var aliases = new List<RouteAlias>();
        var section = configuration.GetSection(AliasesKey).GetChildren().ToList();
        for (var i = 0; i < section.Count; i++)
        {
            var alias = new RouteAlias { Path = (section[i]["Path"] ?? "").Trim().Trim('/'), Route = (section[i]["Route"] ?? "").Trim() };
            var setting = $"{AliasesKey}:{section[i].Key}";
            if (alias.Path.Length == 0)
            {
                throw new InvalidOperationException($"{setting}:Path is empty: give the public path, such as 'e/x.gif'.");
            }

            var target = TouchpointHttpEndpoints.Shared.FirstOrDefault(e => string.Equals(e.Route, alias.Route, StringComparison.Ordinal));
            if (target is null || target.Access != EndpointAccess.Anonymous)
            {
                var collection = string.Join(", ", TouchpointHttpEndpoints.Shared.Where(static e => e.Access == EndpointAccess.Anonymous).Select(static e => e.Route).Distinct());
                throw new InvalidOperationException($"{setting}:Route '{alias.Route}' is not a collection route; aliases serve only {collection}.");
            }

            if (!Parameters(alias.Path).SequenceEqual(Parameters(alias.Route)))
            {
                throw new InvalidOperationException($"{setting}:Path '{alias.Path}' must carry the same parameters as '{alias.Route}'.");
            }

            if (TouchpointHttpEndpoints.Shared.Concat(TouchpointHttpEndpoints.LocalOnly).Any(e => string.Equals(Join(prefix, e.Route), alias.Path, StringComparison.OrdinalIgnoreCase))
                || aliases.Any(a => string.Equals(a.Path, alias.Path, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"{setting}:Path '{alias.Path}' is already a route of the server.");
            }

            aliases.Add(alias);
        }

        return new ServerRouteOptions(prefix, aliases);
    }

    /// <summary>A route under a prefix, as a path from the root without its leading slash.</summary>
    public static string Join(string prefix, string route) => prefix.Length == 0 ? route : prefix + "/" + route;

    private static IEnumerable<string> Parameters(string template) =>
        ParameterPattern().Matches(template).Select(static m => m.Groups[1].Value).Order(StringComparer.Ordinal);

    [GeneratedRegex(@"\{([^}:?=*]+)")]
    private static partial Regex ParameterPattern();
}
