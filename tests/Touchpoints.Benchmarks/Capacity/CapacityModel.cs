using System.Globalization;
using System.Text;
using Touchpoints.Benchmarks.Ingest;

namespace Touchpoints.Benchmarks.Capacity;

/// <summary>
/// What a deployment needs at a sustained touchpoint rate, from the figures measured per touchpoint: Event Hubs
/// throughput units and partitions, storage accounts and buckets, Function instances, and the storage and Event Hubs
/// cost per million touchpoints. Every limit and assumption is a named constant or parameter, printed with the model.
/// </summary>
internal static class CapacityModel
{
    // Azure Storage scalability targets for a standard account's Table service.
    private const double AccountEntitiesPerSecond = 20_000;
    private const double PartitionEntitiesPerSecond = 2_000;

    // Event Hubs Standard: per throughput unit, 1 MB/s or 1,000 events/s in; 40 TUs and 32 partitions per namespace/hub.
    private const double TuBytesPerSecond = 1_000_000;
    private const double TuEventsPerSecond = 1_000;
    private const int StandardMaxTus = 40;
    private const int StandardMaxPartitions = 32;

    // Function instances: assumed vCPUs per instance and the CPU share planned for, stated with the model.
    private const double VCpusPerInstance = 1;
    private const double PlannedCpuUtilisation = 0.7;

    private static readonly int[] Rates = [1_000, 10_000, 100_000];

    public static string ToMarkdown(IngestFigures figures, AzurePrices prices)
    {
        var perInstance = VCpusPerInstance * PlannedCpuUtilisation / figures.CpuSecondsPerTouchpoint;
        var storageOps = figures.EntitiesWrittenPerTouchpoint + Math.Max(figures.EntitiesReadPerTouchpoint, figures.ReadRequestsPerTouchpoint);
        var text = new StringBuilder();
        text.AppendLine("## Capacity and cost model for Azure");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Measured per touchpoint (warm, steady state; read requests from the cold run, one per customer not cached): {figures.TransactionsPerTouchpoint:0.####} transactions, {figures.EntitiesWrittenPerTouchpoint:0.###} entities written, " +
            $"{figures.EntitiesReadPerTouchpoint:0.###} entities read ({figures.ReadRequestsPerTouchpoint:0.###} read requests), {figures.EventBytesPerTouchpoint:N0} event bytes, " +
            $"{figures.StoredBytesPerTouchpoint:N0} transaction bytes sent, {figures.CpuSecondsPerTouchpoint * 1e6:N0} µs of pipeline CPU."));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Assumptions: one touchpoint per Event Hubs event (the worst case for events/s); a Function instance has {VCpusPerInstance} vCPU planned at {PlannedCpuUtilisation:P0} " +
            $"and needs the CPU measured here per touchpoint (this bench's CPU includes its own storage-rules checks and recorder, so it overstates), so one instance sustains about {perInstance:N0} touchpoints/s; " +
            $"storage is bound by Azure's scalability targets ({AccountEntitiesPerSecond:N0} entities/s per account, {PartitionEntitiesPerSecond:N0} per partition), counting every entity written and every read request; " +
            $"an entity group transaction is billed as one transaction; Event Hubs Standard ({StandardMaxTus} TUs per namespace, {StandardMaxPartitions} partitions per hub). Prices: {prices.AsOf}: " +
            $"Table transactions ${prices.TableTransactionsPer10k} per 10,000, capacity ${prices.TableGbMonth} per GB-month, Event Hubs ${prices.EventHubsThroughputUnitHour} per TU-hour and ${prices.EventHubsIngressPerMillionEvents} per million events."));
        text.AppendLine();
        text.AppendLine("| touchpoints/s | Event Hubs TUs | partitions | storage entities/s | storage accounts | buckets | Function instances | storage $/M touchpoints | Event Hubs $/M touchpoints |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in Rates)
        {
            var tus = (int)Math.Ceiling(Math.Max(rate / TuEventsPerSecond, rate * figures.EventBytesPerTouchpoint / TuBytesPerSecond));
            var instances = (int)Math.Ceiling(rate / perInstance);
            var partitions = Math.Max(4, Math.Max(tus, instances));
            var entities = rate * storageOps;
            var accounts = (int)Math.Ceiling(entities / AccountEntitiesPerSecond);
            var buckets = Math.Max(16, RoundUp((int)Math.Ceiling(entities / PartitionEntitiesPerSecond), accounts));
            var storageCost = 1e6 * (figures.TransactionsPerTouchpoint + figures.ReadRequestsPerTouchpoint) / 10_000 * prices.TableTransactionsPer10k;
            var hubCost = prices.EventHubsIngressPerMillionEvents + (tus * prices.EventHubsThroughputUnitHour / (rate * 3600 / 1e6));
            var notes = new List<string>();
            if (tus > StandardMaxTus)
            {
                notes.Add($"over {StandardMaxTus} TUs: {(tus + StandardMaxTus - 1) / StandardMaxTus} Standard namespaces, or Premium/Dedicated");
            }

            if (partitions > StandardMaxPartitions)
            {
                notes.Add($"over {StandardMaxPartitions} partitions: several hubs or Premium");
            }

            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rate:N0} | {tus}{(notes.Count > 0 ? " (" + string.Join("; ", notes) + ")" : string.Empty)} | {Math.Min(partitions, 1024)} | {entities:N0} | {accounts} | {buckets} | {instances} | {storageCost:0.0000} | {hubCost:0.0000} |"));
        }

        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Capacity per touchpoint stored: about {figures.StoredBytesPerTouchpoint:N0} bytes sent per touchpoint (timeline row plus its share of journey updates), " +
            $"{figures.StoredBytesPerTouchpoint * 1e6 / 1e9 * prices.TableGbMonth:0.0000} $ per million touchpoints per month kept, at most (journey rows are overwritten, not added)."));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"One storage account holds up to about {AccountEntitiesPerSecond / storageOps:N0} touchpoints/s; past that the design must shard across accounts (see docs/performance.md)."));
        return text.ToString();
    }

    private static int RoundUp(int value, int multiple) => multiple <= 1 ? value : (value + multiple - 1) / multiple * multiple;
}
