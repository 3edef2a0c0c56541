using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>OPTIONS /api/v1/pixel/{type}</c>: CORS preflight of Segment's pixel form.</summary>
public sealed class SegmentPixelPreflightFunction(PixelHandler handler)
{
    [Function(TouchpointFunctionNames.SegmentPixelPreflight)]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = TouchpointRoutes.SegmentPixel)] HttpRequest request) =>
        handler.Preflight(request);
}
