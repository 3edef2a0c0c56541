using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Touchpoints.Hosting;

/// <summary>
/// Serves the dashboard (<c>GET /api/dashboard/{*path}</c>): a page, a script and a style sheet embedded in this
/// library, so both hosts ship the same files and nothing is loaded from elsewhere. The page holds no data and is served
/// to anyone; it reads the snapshot and journey routes, which keep their own key, with the key the viewer types in.
/// </summary>
/// <remarks>
/// The page references its script and style sheet with a content hash in the query, so they can be cached for good while
/// the page itself is revalidated on every load and a deployment is seen at once.
/// </remarks>
public sealed class DashboardHandler
{
    /// <summary>
    /// Only this origin's own files and API; no inline script or style, no plugins, no framing, no form posts. Images also
    /// from <c>blob:</c>, which is how the page shows the snapshot's SVG that it fetched with the key.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string IndexName = "index.html";
    private const string ResourcePrefix = "Touchpoints.Dashboard.";

    // Read once per handler, which both hosts hold as a singleton.
    private readonly FrozenDictionary<string, DashboardFile> _files = Load();

    /// <summary>Handles <c>GET dashboard/{*path}</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="path">The route's <c>path</c> value: empty for the page, else a file name.</param>
    /// <returns>200 with the file, 304 when the caller's copy is current, a redirect from <c>dashboard</c> to <c>dashboard/</c>
    /// (so the page's relative links resolve under it), or 404 problem+json for any other path.</returns>
    public IResult Serve(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.HttpContext.Response;
        if (string.IsNullOrEmpty(path))
        {
            if (!request.Path.Value?.EndsWith('/') ?? true)
            {
                return Results.Redirect(request.PathBase + request.Path + "/" + request.QueryString);
            }

            path = IndexName;
        }

        if (!_files.TryGetValue(path, out var file))
        {
            return TouchpointResults.Problem(StatusCodes.Status404NotFound, "Not found", "The dashboard has no such file.");
        }

        var headers = response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = file.CacheControl;
        headers.ETag = file.ETag;
        if (request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, DashboardFile> Load()
    {
        var assembly = typeof(DashboardHandler).Assembly;
        var assets = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var (name, contentType) in new[] { ("dashboard.js", "text/javascript; charset=utf-8"), ("dashboard.css", "text/css; charset=utf-8") })
        {
            assets[name] = DashboardFile.Create(Read(name), contentType, "public, max-age=31536000, immutable");
        }

        // The page names each asset with its hash, so a new build is a new URL.
        var page = Encoding.UTF8.GetString(Read(IndexName));
        foreach (var (name, asset) in assets)
        {
            page = page.Replace("\"" + name + "\"", $"\"{name}?v={asset.ETag.Trim('"')}\"", StringComparison.Ordinal);
        }

        assets[IndexName] = DashboardFile.Create(Encoding.UTF8.GetBytes(page), "text/html; charset=utf-8", "no-cache");
        return assets.ToFrozenDictionary(StringComparer.Ordinal);

        byte[] Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"The dashboard file '{name}' is not embedded in {assembly.GetName().Name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    private sealed record DashboardFile(byte[] Content, string ContentType, string CacheControl, string ETag)
    {
        public static DashboardFile Create(byte[] content, string contentType, string cacheControl) =>
            new(content, contentType, cacheControl, "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8)) + "\"");
    }
}
