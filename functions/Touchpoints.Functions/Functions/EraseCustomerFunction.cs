using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>DELETE /api/customers/{id}</c>: erasure on a privacy request. Needs a function key.</summary>
public sealed class EraseCustomerFunction(CustomerHandler handler)
{
    [Function(TouchpointFunctionNames.EraseCustomer)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TouchpointRoutes.Customer)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        handler.EraseAsync(request, id, cancellationToken);
}
