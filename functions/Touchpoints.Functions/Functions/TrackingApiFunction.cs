using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary>
/// <c>POST /api/v1/{track|page|screen|identify|alias|group|batch}</c> and <c>/api/v1/{t|p|s|i|a|g|b}</c>: the
/// Segment-compatible API. Anonymous at the Functions level: the write key is the credential, checked by the handler.
/// </summary>
public sealed class TrackingApiFunction(TrackingApiHandler handler)
{
    [Function(TouchpointFunctionNames.TrackingApi)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = TouchpointRoutes.Api)] HttpRequest request,
        string type,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, type, cancellationToken);
}
