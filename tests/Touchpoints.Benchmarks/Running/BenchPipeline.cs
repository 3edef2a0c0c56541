using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Touchpoints.Benchmarks.Recording;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;

namespace Touchpoints.Benchmarks.Running;

/// <summary>
/// The pipeline as a host composes it (<c>AddTouchpointPipeline</c>) over one table of the bench's Azurite, with a Table
/// client of the bench's own: held to Azure's limits by rules whose counts are this pipeline's alone, and, when given,
/// a recorder of every transaction it sends and a timer of its requests. A fresh one has a cold journey cache.
/// </summary>
internal sealed class BenchPipeline : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private BenchPipeline(ServiceProvider provider, AzureStorageRules rules, TableClient table)
    {
        _provider = provider;
        Rules = rules;
        Table = table;
    }

    public IServiceProvider Services => _provider;

    public AzureStorageRules Rules { get; }

    public TableClient Table { get; }

    public static BenchPipeline Create(AzuriteServer azurite, string tableName, int buckets, TransactionRecorder? recorder = null, RequestTimer? timer = null)
    {
        var rules = new AzureStorageRules();
        var options = rules.Apply(new TableClientOptions());
        if (recorder is not null)
        {
            options.AddPolicy(recorder, HttpPipelinePosition.PerCall);
        }

        if (timer is not null)
        {
            options.AddPolicy(timer, HttpPipelinePosition.PerCall);
        }

        var tables = new TableServiceClient(azurite.ConnectionString, options);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Touchpoints:TableName"] = tableName,
            ["Touchpoints:BucketCount"] = buckets.ToString(CultureInfo.InvariantCulture),
            ["Touchpoints:FunnelPath"] = RepositoryPaths.Combine("funnels", "default.json"),
            ["Touchpoints:SnapshotContainer"] = "snapshots-" + tableName.ToLowerInvariant(),
            ["Touchpoints:DeadLetterContainer"] = "deadletter-" + tableName.ToLowerInvariant(),
        }).Build();

        // Registered before the pipeline, whose TryAdd then keeps these: the bench's rules and client are the pipeline's.
        var services = new ServiceCollection()
            .AddLogging(static l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(rules)
            .AddSingleton(tables)
            .AddTouchpointPipeline(configuration);
        return new BenchPipeline(services.BuildServiceProvider(), rules, tables.GetTableClient(tableName));
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
