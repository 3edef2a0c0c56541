using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the daily funnel snapshots.</summary>
public static class SnapshotServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SnapshotOptions"/> (bound from <c>Touchpoints:Snapshots</c>, the schedule from <c>SnapshotSchedule</c>
    /// when set, validated at start), the blob snapshot store, <see cref="FunnelSnapshotJob"/> and
    /// <see cref="SnapshotHandler"/>. Relies on what <c>AddTouchpointPipeline</c> registers (options, funnels, storage
    /// clients, time). Idempotent. The scheduler is not added: the Functions app has its timer, the local server calls
    /// <see cref="AddFunnelSnapshotScheduler"/>.
    /// </summary>
    internal static IServiceCollection AddFunnelSnapshots(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(static d => d.ServiceType == typeof(FunnelSnapshotJob)))
        {
            return services;
        }

        services.AddOptions<SnapshotOptions>()
            .Bind(configuration.GetSection(SnapshotOptions.SectionName))
            .Configure(options =>
            {
                // The Functions timer reads %SnapshotSchedule%; the same setting drives the local scheduler.
                if (configuration[SnapshotOptions.ScheduleSettingName] is { Length: > 0 } schedule)
                {
                    options.Schedule = schedule;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnapshotOptions>, SnapshotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISnapshotStore>(static sp => new BlobSnapshotStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.SnapshotContainer),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BlobSnapshotStore>>()));
        services.AddMetrics();
        services.TryAddSingleton<SnapshotMetrics>();
        services.TryAddSingleton(static sp => new FunnelSnapshotJob(
            sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<ISnapshotStore>(),
            sp.GetRequiredService<FunnelCatalog>(),
            sp.GetRequiredService<IOptions<TouchpointOptions>>(),
            sp.GetRequiredService<IOptions<SnapshotOptions>>(),
            sp.GetRequiredService<ILogger<FunnelSnapshotJob>>(),
            sp.GetService<IFilteredTouchpointStore>(),
            sp.GetRequiredService<SnapshotMetrics>()));
        services.TryAddSingleton(static sp => new SnapshotHandler(
            sp.GetRequiredService<FunnelSnapshotJob>(),
            sp.GetRequiredService<ISnapshotStore>()));
        return services;
    }

    /// <summary>
    /// Adds the hosted service that runs <see cref="FunnelSnapshotJob.RunScheduledAsync"/> on
    /// <see cref="SnapshotOptions.Schedule"/>: for the local server, which has no Functions timer. Requires
    /// <c>AddTouchpointPipeline</c>. Idempotent.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddFunnelSnapshotScheduler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FunnelSnapshotScheduler>(static sp => new FunnelSnapshotScheduler(
            sp.GetRequiredService<FunnelSnapshotJob>(),
            sp.GetRequiredService<IOptions<SnapshotOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FunnelSnapshotScheduler>>())));
        return services;
    }
}
