using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>GET /api/customers/{id}/journey</c>: journeys and the newest timeline page. Needs a function key.</summary>
public sealed class CustomerJourneyFunction(CustomerHandler handler)
{
    [Function(TouchpointFunctionNames.CustomerJourney)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TouchpointRoutes.Journey)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        handler.GetJourneyAsync(request, id, cancellationToken);
}
