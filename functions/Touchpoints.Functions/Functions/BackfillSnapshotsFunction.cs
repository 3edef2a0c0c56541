using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Functions.Functions;

/// <summary>Backfills a range of days (<c>?from=&amp;to=</c>). Needs a function key.</summary>
public sealed class BackfillSnapshotsFunction(SnapshotHandler handler)
{
    [Function(TouchpointFunctionNames.BackfillSnapshots)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = TouchpointRoutes.Snapshots)] HttpRequest request,
        string funnel,
        CancellationToken cancellationToken) =>
        handler.BackfillAsync(request, funnel, cancellationToken);
}
