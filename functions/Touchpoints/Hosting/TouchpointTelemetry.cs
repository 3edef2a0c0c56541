using System.Diagnostics;
using Touchpoints.Ingest;
using Touchpoints.Snapshots;
using Touchpoints.Storage;

namespace Touchpoints.Hosting;

/// <summary>
/// The names a host enables to export the pipeline's traces and metrics, in one place so the Functions app and the
/// local server cannot drift apart. Every tag is a count, a source, a reason category, a funnel id or a partition
/// count: never a customer id, message id, IP address or user agent.
/// </summary>
public static class TouchpointTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of ingest batches, storage writes and snapshot runs.</summary>
    public const string ActivitySourceName = "Touchpoints";

    /// <summary>Every meter the pipeline creates.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [IngestMetrics.MeterName, StorageMetrics.MeterName, SnapshotMetrics.MeterName];

    /// <summary>The source; static, as activity sources are meant to be (listeners find it by name).</summary>
    internal static ActivitySource ActivitySource { get; } = new(ActivitySourceName);
}
