using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>GET /api/t.gif</c>: the tracking pixel, short form.</summary>
public sealed class PixelFunction(PixelHandler handler)
{
    [Function(TouchpointFunctionNames.Pixel)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TouchpointRoutes.Pixel)] HttpRequest request,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, cancellationToken);
}
