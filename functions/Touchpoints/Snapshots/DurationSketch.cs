namespace Touchpoints.Snapshots;

/// <summary>
/// A mergeable quantile sketch of non-negative durations in milliseconds: a logarithmic histogram in the manner of
/// DDSketch. A duration <c>v ≥ 1 ms</c> falls in bucket <c>i = ceil(log_γ v)</c> with <c>γ = (1 + α) / (1 - α)</c>, and a
/// bucket reports <c>2γ^i / (γ + 1)</c>, which is within a relative error of <see cref="RelativeAccuracy"/> (α = 1%) of
/// every value in it; zero is counted exactly (a touchpoint that reaches two stages at once takes no time between them).
/// </summary>
/// <remarks>
/// Memory is bounded by the range of durations, not by how many are added: at most about 1,350 buckets between 1 ms and
/// ten years, and in practice a few hundred. Merging adds counts, which is commutative and associative, so the result
/// does not depend on the order partitions are merged in.
/// </remarks>
internal sealed class DurationSketch
{
    /// <summary>The relative error bound α of every quantile the sketch reports.</summary>
    public const double RelativeAccuracy = 0.01;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private readonly Dictionary<int, long> _buckets = [];
    private long _zeros;

    /// <summary>How many durations were added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one duration.</summary>
    public void Add(long milliseconds)
    {
        Count++;
        if (milliseconds <= 0)
        {
            // Durations are never negative (reach times are cumulative); zero and clock noise both count as "at once".
            _zeros++;
            return;
        }

        var index = (int)Math.Ceiling(Math.Log(milliseconds) / LogGamma);
        _buckets[index] = _buckets.GetValueOrDefault(index) + 1;
    }

    /// <summary>Adds every duration of another sketch.</summary>
    public void Merge(DurationSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Count += other.Count;
        _zeros += other._zeros;
        foreach (var (index, count) in other._buckets)
        {
            _buckets[index] = _buckets.GetValueOrDefault(index) + count;
        }
    }

    /// <summary>
    /// The nearest-rank quantile (the value at rank <c>ceil(q · n)</c>), within <see cref="RelativeAccuracy"/>, in
    /// milliseconds; null when empty.
    /// </summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        if (rank <= _zeros)
        {
            return 0;
        }

        var seen = _zeros;
        var indexes = _buckets.Keys.ToArray();
        Array.Sort(indexes);
        for (var i = 0; i < indexes.Length; i++)
        {
            seen += _buckets[indexes[i]];
            if (seen >= rank)
            {
                return 2 * Math.Pow(Gamma, indexes[i]) / (Gamma + 1);
            }
        }

        return 2 * Math.Pow(Gamma, indexes[^1]) / (Gamma + 1);
    }
}
