namespace Touchpoints.Benchmarks.Running;

/// <summary>The sizes of one run: the sizes, or small ones that finish in minutes on two cores (<c>--quick</c>).</summary>
internal sealed record BenchSettings(
    bool Quick,
    int Touchpoints,
    int Customers,
    int BatchSize,
    int Buckets,
    int NaiveTouchpoints,
    int HttpRequests,
    int HttpConnections,
    int HttpBatchMessages,
    int[] SnapshotCustomers,
    int GrowthBaseTouchpoints,
    int GrowthBaseCustomers)
{
    public const int PartitionsInFlight = 8;

    public static BenchSettings Full { get; } = new(
        Quick: false, Touchpoints: 200_000, Customers: 20_000, BatchSize: 500, Buckets: 16, NaiveTouchpoints: 5_000,
        HttpRequests: 20_000, HttpConnections: 64, HttpBatchMessages: 20, SnapshotCustomers: [100_000, 1_000_000],
        GrowthBaseTouchpoints: 12_500, GrowthBaseCustomers: 6_250);

    public static BenchSettings QuickRun { get; } = new(
        Quick: true, Touchpoints: 20_000, Customers: 2_000, BatchSize: 500, Buckets: 16, NaiveTouchpoints: 1_000,
        HttpRequests: 3_000, HttpConnections: 64, HttpBatchMessages: 20, SnapshotCustomers: [100_000],
        GrowthBaseTouchpoints: 4_000, GrowthBaseCustomers: 2_000);
}
