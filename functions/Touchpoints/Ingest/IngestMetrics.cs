using System.Diagnostics.Metrics;

namespace Touchpoints.Ingest;

/// <summary>
/// The ingest counters (meter <see cref="MeterName"/>), for dashboards and alerts: what each entry accepted, what it
/// rejected and why, and what went to the dead-letter container. Tags carry the source and a reason category, never ids.
/// </summary>
public sealed class IngestMetrics
{
    /// <summary>The meter's name, to enable in OpenTelemetry or <c>dotnet-counters</c>.</summary>
    public const string MeterName = "Touchpoints.Ingest";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _filtered;

    /// <summary>Creates the counters on a meter from the factory, so each host (and each test host) has its own.</summary>
    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("touchpoints.ingest.accepted", "{touchpoint}", "Touchpoints accepted for ingest.");
        _rejected = meter.CreateCounter<long>("touchpoints.ingest.rejected", "{input}", "Inputs rejected: bad fields, too large, unauthorized.");
        _deadLettered = meter.CreateCounter<long>("touchpoints.ingest.dead_lettered", "{input}", "Inputs written to the dead-letter container.");
        _filtered = meter.CreateCounter<long>("touchpoints.ingest.filtered", "{touchpoint}", "Touchpoints not a person's (bots, prefetches), kept in the filtered container.");
    }

    /// <summary>Counts accepted touchpoints.</summary>
    public void Accepted(string source, int count) => _accepted.Add(count, new KeyValuePair<string, object?>("source", source));

    /// <summary>Counts one rejected input.</summary>
    /// <param name="source"><c>pixel</c>, <c>http</c> or <c>eventhubs</c>.</param>
    /// <param name="reason">A category: <c>invalid</c>, <c>too_large</c>, <c>unauthorized</c>, <c>bad_encoding</c>.</param>
    public void Rejected(string source, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts one dead-lettered input.</summary>
    public void DeadLettered(string source) => _deadLettered.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <summary>Counts filtered touchpoints.</summary>
    /// <param name="source"><c>pixel</c>, <c>http</c> or <c>eventhubs</c>.</param>
    /// <param name="reason">The <see cref="BotFilter"/> reason: a short identifier from the list or the rules, never the user agent.</param>
    /// <param name="count">How many touchpoints.</param>
    public void Filtered(string source, string reason, int count) =>
        _filtered.Add(count, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));
}
