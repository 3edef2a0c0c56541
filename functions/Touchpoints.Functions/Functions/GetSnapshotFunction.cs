using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Functions.Functions;

/// <summary>One day's funnel snapshot (<c>latest</c> for the newest). Needs a function key.</summary>
public sealed class GetSnapshotFunction(SnapshotHandler handler)
{
    [Function(TouchpointFunctionNames.GetSnapshot)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TouchpointRoutes.Snapshot)] HttpRequest request,
        string funnel,
        string date,
        CancellationToken cancellationToken) =>
        handler.GetAsync(request, funnel, date, cancellationToken);
}
