using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>GET /api/journeys?id=…</c>: journeys and the newest timeline page of any id. Needs a function key.</summary>
public sealed class CustomerJourneyByQueryFunction(CustomerHandler handler)
{
    [Function(TouchpointFunctionNames.CustomerJourneyByQuery)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TouchpointRoutes.JourneyByQuery)] HttpRequest request,
        CancellationToken cancellationToken) =>
        handler.GetJourneyByQueryAsync(request, cancellationToken);
}
