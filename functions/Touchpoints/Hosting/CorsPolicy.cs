using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Touchpoints.Hosting;

/// <summary>
/// The CORS decisions of the browser paths (pixel, beacon, JSON API), from <see cref="TouchpointOptions.CorsOrigins"/>
/// (empty or <c>*</c>: any origin).
/// </summary>
/// <remarks>
/// The allowed origin is echoed rather than answered with <c>*</c>, and credentials are allowed: a beacon is sent in
/// credentials mode <c>include</c>, and a browser refuses a wildcard origin for such a request. These endpoints only
/// accept writes (no personal data is read through them), so echoing an allowed origin exposes nothing.
/// </remarks>
internal static class CorsPolicy
{
    private const string DefaultAllowedHeaders = "Content-Type, Authorization, Content-Encoding";

    /// <summary>The origin to allow for this request, or null when it is not a cross-origin request or not allowed.</summary>
    public static string? AllowedOrigin(HttpRequest request, IReadOnlyList<string> allowed)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        if (allowed.Count == 0)
        {
            return origin;
        }

        foreach (var candidate in allowed)
        {
            if (candidate == "*" || string.Equals(candidate.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }

        return null;
    }

    /// <summary>Adds the CORS headers of an actual (not preflight) response.</summary>
    public static void Apply(HttpRequest request, IReadOnlyList<string> allowed)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = StringValues.Concat(headers.Vary, "Origin");
        if (AllowedOrigin(request, allowed) is { } origin)
        {
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowCredentials = "true";
        }
    }

    /// <summary>Answers a preflight (<c>OPTIONS</c>): 204 with the allowances, or 403 for an origin not allowed.</summary>
    public static IResult Preflight(HttpRequest request, IReadOnlyList<string> allowed, string methods)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
        if (request.Headers.Origin.Count == 0)
        {
            headers.Allow = methods;
            return Results.NoContent();
        }

        if (AllowedOrigin(request, allowed) is not { } origin)
        {
            return TouchpointResults.Problem(StatusCodes.Status403Forbidden, "Origin not allowed", "This origin is not in Touchpoints:CorsOrigins.");
        }

        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlAllowMethods = methods;
        headers.AccessControlAllowHeaders = requested.Length is > 0 and <= 512 ? requested : DefaultAllowedHeaders;
        headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }
}
