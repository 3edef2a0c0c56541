namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stand-in of Microsoft.ApplicationInsights.WorkerService's <c>ApplicationInsightsExtensions</c>.</summary>
public static class ApplicationInsightsExtensions
{
    public static IServiceCollection AddApplicationInsightsTelemetryWorkerService(this IServiceCollection services) =>
        throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();
}
