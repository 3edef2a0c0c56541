using Microsoft.Extensions.DependencyInjection.Extensions;
using Touchpoints.Hosting;
using Touchpoints.Ingest;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HTTP handlers and the Event Hubs batch handler that both hosts map.</summary>
internal static class TouchpointHttpServiceCollectionExtensions
{
    /// <summary>
    /// Adds the handlers (singletons: they hold no request state) and the ingest metrics. Idempotent; called by
    /// <c>AddTouchpointPipeline</c>, which registers what they depend on (ingestor, dead-letter sink, store, options).
    /// </summary>
    internal static IServiceCollection AddTouchpointHttp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestMetrics>();
        services.TryAddSingleton<BotScreen>();
        services.TryAddSingleton<PixelHandler>();
        services.TryAddSingleton<TrackingApiHandler>();
        services.TryAddSingleton<CustomerHandler>();
        services.TryAddSingleton<EventHubBatchHandler>();
        services.TryAddSingleton<LocalEventHubHandler>();
        services.TryAddSingleton<DashboardHandler>();
        return services;
    }
}
