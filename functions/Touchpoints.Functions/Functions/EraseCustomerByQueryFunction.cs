using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>DELETE /api/customers?id=…</c>: erases any id. Needs a function key.</summary>
public sealed class EraseCustomerByQueryFunction(CustomerHandler handler)
{
    [Function(TouchpointFunctionNames.EraseCustomerByQuery)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TouchpointRoutes.CustomerByQuery)] HttpRequest request,
        CancellationToken cancellationToken) =>
        handler.EraseByQueryAsync(request, cancellationToken);
}
