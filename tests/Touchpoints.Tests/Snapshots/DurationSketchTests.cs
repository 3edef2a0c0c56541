using Touchpoints.Snapshots;
using Xunit;

namespace Touchpoints.Tests.Snapshots;

public sealed class DurationSketchTests
{
    [Fact]
    public void Quantile_WhenManyDurations_IsWithinTheRelativeErrorOfTheExactNearestRank()
    {
        // Arrange: durations spread over six orders of magnitude.
        var random = new Random(7);
        var values = Enumerable.Range(0, 10_000).Select(_ => (long)Math.Exp(random.NextDouble() * 20)).ToArray();
        var sketch = new DurationSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        Array.Sort(values);

        // Act / Assert
        foreach (var q in new[] { 0.01, 0.25, 0.5, 0.9, 0.99, 1.0 })
        {
            var exact = values[(int)Math.Ceiling(q * values.Length) - 1];
            var estimate = sketch.Quantile(q)!.Value;
            Assert.InRange(estimate, exact * (1 - DurationSketch.RelativeAccuracy), exact * (1 + DurationSketch.RelativeAccuracy));
        }
    }

    [Fact]
    public void Quantile_WhenEmptyOrZero_IsNullOrExactlyZero()
    {
        var sketch = new DurationSketch();
        Assert.Null(sketch.Quantile(0.5));

        sketch.Add(0);
        sketch.Add(0);
        sketch.Add(5_000);
        Assert.Equal(0, sketch.Quantile(0.5));
        Assert.InRange(sketch.Quantile(0.9)!.Value, 4_950, 5_050);
    }

    [Fact]
    public void Merge_WhenMergedInEitherOrder_GivesTheSameQuantiles()
    {
        // Arrange
        var a = new DurationSketch();
        var b = new DurationSketch();
        for (var i = 1; i <= 500; i++)
        {
            a.Add(i * 1_000L);
            b.Add(i * 37_000L);
        }

        // Act
        var ab = new DurationSketch();
        ab.Merge(a);
        ab.Merge(b);
        var ba = new DurationSketch();
        ba.Merge(b);
        ba.Merge(a);

        // Assert
        Assert.Equal(1000, ab.Count);
        foreach (var q in new[] { 0.1, 0.5, 0.9 })
        {
            Assert.Equal(ab.Quantile(q), ba.Quantile(q));
        }
    }
}
