using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.ApplicationInsights' <c>FunctionsApplicationInsightsExtensions</c>.</summary>
public static class FunctionsApplicationInsightsExtensions
{
    public static IServiceCollection ConfigureFunctionsApplicationInsights(this IServiceCollection services) => throw StandIn.NotSupported();
}
