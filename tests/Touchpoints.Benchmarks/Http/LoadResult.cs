using System.Globalization;

namespace Touchpoints.Benchmarks.Http;

/// <summary>What a load run measured: requests per second and latency percentiles, and the requests that failed.</summary>
internal sealed record LoadResult(int Requests, TimeSpan Elapsed, double[] SortedLatenciesMs, int Failures)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double Percentile(double p) => SortedLatenciesMs.Length == 0 ? 0 : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)(SortedLatenciesMs.Length * p))];

    public string Latencies => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(0.50):N1} ms, p95 {Percentile(0.95):N1} ms, p99 {Percentile(0.99):N1} ms{(Failures > 0 ? $", {Failures} failed" : string.Empty)}");
}
