using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;

namespace Touchpoints.Functions.Functions;

/// <summary><c>GET /api/dashboard/{*path}</c>: the dashboard's page and files. Anonymous: the page holds no data.</summary>
public sealed class DashboardFunction(DashboardHandler handler)
{
    [Function(TouchpointFunctionNames.Dashboard)]
    public IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TouchpointRoutes.Dashboard)] HttpRequest request,
        string? path) =>
        handler.Serve(request, path);
}
