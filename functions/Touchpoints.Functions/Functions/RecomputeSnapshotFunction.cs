using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Functions.Functions;

/// <summary>Recomputes one day's snapshot. Needs a function key.</summary>
public sealed class RecomputeSnapshotFunction(SnapshotHandler handler)
{
    [Function(TouchpointFunctionNames.RecomputeSnapshot)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = TouchpointRoutes.Snapshot)] HttpRequest request,
        string funnel,
        string date,
        CancellationToken cancellationToken) =>
        handler.RecomputeAsync(request, funnel, date, cancellationToken);
}
