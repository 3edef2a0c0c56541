using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>DELETE /api/suppressions?id=…</c>: lifts the suppression of an id erased with <c>?suppress=true</c>. Needs a function key.</summary>
public sealed class LiftSuppressionFunction(CustomerHandler handler)
{
    [Function(TouchpointFunctionNames.LiftSuppression)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TouchpointRoutes.Suppressions)] HttpRequest request,
        CancellationToken cancellationToken) =>
        handler.LiftSuppressionByQueryAsync(request, cancellationToken);
}
