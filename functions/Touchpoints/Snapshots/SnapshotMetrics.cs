using System.Diagnostics.Metrics;

namespace Touchpoints.Snapshots;

/// <summary>The snapshot job's instruments (meter <see cref="MeterName"/>): how long each funnel's run took, tagged by funnel id.</summary>
public sealed class SnapshotMetrics
{
    /// <summary>The meter's name, to enable in OpenTelemetry or <c>dotnet-counters</c>.</summary>
    public const string MeterName = "Touchpoints.Snapshots";

    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments on a meter from the factory, so each host (and each test host) has its own.</summary>
    public SnapshotMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _duration = meterFactory.Create(MeterName).CreateHistogram<double>("touchpoints.snapshot.duration", "s", "Time to compute and write one funnel's snapshot days.");
    }

    /// <summary>Records one funnel's run.</summary>
    internal void Ran(string funnelId, int days, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("funnel", funnelId), new KeyValuePair<string, object?>("days", days));
}
