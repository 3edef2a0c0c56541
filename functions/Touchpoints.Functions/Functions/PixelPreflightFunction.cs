using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>OPTIONS /api/t.gif</c>: CORS preflight of the pixel.</summary>
public sealed class PixelPreflightFunction(PixelHandler handler)
{
    [Function(TouchpointFunctionNames.PixelPreflight)]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = TouchpointRoutes.Pixel)] HttpRequest request) =>
        handler.Preflight(request);
}
