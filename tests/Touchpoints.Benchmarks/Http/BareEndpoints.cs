using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Touchpoints.Hosting;

namespace Touchpoints.Benchmarks.Http;

/// <summary>
/// The benchmark's own endpoints on the same server, doing the HTTP work and none of the pipeline's: the same GIF as
/// the pixel, and a batch route that reads the body and answers as the API does. Mapped only in the benchmark.
/// </summary>
internal static class BareEndpoints
{
    public const string Gif = "/bench/bare.gif";

    public const string Batch = "/bench/bare-batch";

    private static readonly byte[] GifBytes = TrackingGif.Bytes.ToArray();

    private static readonly byte[] Success = """{"success":true}"""u8.ToArray();

    public static void MapBareEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Gif, static (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return Microsoft.AspNetCore.Http.Results.Bytes(GifBytes, TrackingGif.ContentType);
        });
        app.MapPost(Batch, static async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            return Microsoft.AspNetCore.Http.Results.Bytes(Success, "application/json");
        });
    }
}
