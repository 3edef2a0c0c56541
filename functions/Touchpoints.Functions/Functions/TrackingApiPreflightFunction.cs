using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>OPTIONS /api/v1/{type}</c>: CORS preflight of the API (a JSON Blob beacon, a fetch with Authorization).</summary>
public sealed class TrackingApiPreflightFunction(TrackingApiHandler handler)
{
    [Function(TouchpointFunctionNames.TrackingApiPreflight)]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = TouchpointRoutes.Api)] HttpRequest request) =>
        handler.Preflight(request);
}
