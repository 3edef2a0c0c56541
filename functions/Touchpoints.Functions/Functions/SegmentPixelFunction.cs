using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>GET /api/v1/pixel/{type}?data=…</c>: Segment's pixel form.</summary>
public sealed class SegmentPixelFunction(PixelHandler handler)
{
    [Function(TouchpointFunctionNames.SegmentPixel)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TouchpointRoutes.SegmentPixel)] HttpRequest request,
        string type,
        CancellationToken cancellationToken) =>
        handler.HandleSegmentAsync(request, type, cancellationToken);
}
