using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;
using Touchpoints.Storage.Rules;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the touchpoint pipeline, the same way in every host (the Functions app, the local server, the CLI).</summary>
public static class TouchpointServiceCollectionExtensions
{
    /// <summary>
    /// Adds the pipeline: options bound from the <c>Touchpoints</c> section and validated at start, the funnels from
    /// <see cref="TouchpointOptions.FunnelPath"/>, storage clients from the <c>AzureWebJobsStorage</c> connection
    /// (checking every request against Azure's limits with <c>Touchpoints:Storage:EnforceAzureLimits=true</c>, see
    /// <see cref="AzureStorageRulesOptions"/>; the <see cref="AzureStorageRules"/> singleton holds their counts),
    /// the group-commit <see cref="ITouchpointIngestor"/>, the blob <see cref="IDeadLetterSink"/>, the bot filter
    /// (<see cref="BotFilterOptions"/> from <c>Touchpoints:BotFilter</c>) and its blob <see cref="IFilteredTouchpointStore"/>, the
    /// <see cref="ICustomerJourneyStore"/>, the HTTP handlers and the snapshot job. Safe to call more than once.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IServiceCollection AddTouchpointPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<TouchpointOptions>()
            .Bind(configuration.GetSection(TouchpointOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TouchpointOptions>, TouchpointOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new FunnelCatalog(FunnelDefinitionLoader.Load(sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.ResolveFunnelPath())));
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<TouchpointOptions>>().Value;
            return new ContextPolicy(ChannelInference.Load(options.ResolveChannelInferencePath()), options.KeepFields, options.IpAddresses);
        });
        services.AddOptions<AzureStorageRulesOptions>().Bind(configuration.GetSection(AzureStorageRulesOptions.SectionName));
        services.TryAddSingleton(static sp => new AzureStorageRules(sp.GetRequiredService<IOptions<AzureStorageRulesOptions>>().Value.FailOnScans));
        services.TryAddSingleton(sp => StorageConnection.FromConfiguration(configuration).WithRules(
            sp.GetRequiredService<IOptions<AzureStorageRulesOptions>>().Value.EnforceAzureLimits ? sp.GetRequiredService<AzureStorageRules>() : null));
        services.TryAddSingleton(static sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient());
        services.TryAddSingleton(static sp => sp.GetRequiredService<StorageConnection>().CreateBlobServiceClient());
        services.TryAddSingleton(static sp => new JourneyTable(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<TouchpointOptions>>()));
        // One journey cache per process, shared by the writer and the customer store: an erase evicts what the writer would build on.
        services.TryAddSingleton(static sp => new JourneyCache(sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.JourneyCacheSize));
        services.AddMetrics();
        services.TryAddSingleton<StorageMetrics>();
        services.TryAddSingleton(static sp => new JourneyWriter(
            sp.GetRequiredService<JourneyTable>(),
            sp.GetRequiredService<FunnelCatalog>(),
            sp.GetRequiredService<JourneyCache>(),
            sp.GetRequiredService<ILogger<JourneyWriter>>(),
            sp.GetRequiredService<StorageMetrics>()));
        services.TryAddSingleton<GroupCommitIngestor>();
        services.TryAddSingleton(static sp => new SuppressionList(
            sp.GetRequiredService<JourneyTable>(), TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.SuppressionRefreshSeconds)));
        services.TryAddSingleton<ITouchpointIngestor>(static sp => new SuppressingIngestor(
            sp.GetRequiredService<GroupCommitIngestor>(), sp.GetRequiredService<SuppressionList>(), sp.GetRequiredService<ILogger<SuppressingIngestor>>()));
        services.TryAddSingleton<IDeadLetterSink>(static sp => new BlobDeadLetterSink(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.DeadLetterContainer),
            sp.GetRequiredService<ILogger<BlobDeadLetterSink>>(),
            sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.IpAddresses));
        services.TryAddSingleton(static sp => new DeadLetterEraser(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.DeadLetterContainer),
            sp.GetRequiredService<ILogger<DeadLetterEraser>>()));
        services.AddOptions<BotFilterOptions>().Bind(configuration.GetSection(BotFilterOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFilterOptions>, BotFilterOptionsValidator>());
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<BotFilterOptions>>().Value;
            return new BotFilter(options, options.Enabled ? BotUserAgentList.Load(options.ResolveUserAgentListPath()) : BotUserAgentList.Default);
        });
        services.TryAddSingleton<IFilteredTouchpointStore>(static sp => new BlobFilteredTouchpointStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<BotFilterOptions>>().Value.FilteredContainer),
            sp.GetRequiredService<IOptions<TouchpointOptions>>().Value.IpAddresses));
        services.TryAddSingleton<ICustomerJourneyStore>(static sp => new TableCustomerJourneyStore(
            sp.GetRequiredService<JourneyTable>(), sp.GetRequiredService<FunnelCatalog>(), sp.GetRequiredService<JourneyCache>(), sp.GetRequiredService<ILogger<TableCustomerJourneyStore>>()));
        services.AddTouchpointHttp();
        services.AddFunnelSnapshots(configuration);

        return services;
    }
}
