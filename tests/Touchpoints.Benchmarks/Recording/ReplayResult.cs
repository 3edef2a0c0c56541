namespace Touchpoints.Benchmarks.Recording;

/// <summary>What a raw replay did: how long it took, and how many transactions and entities it wrote, by kind.</summary>
internal sealed record ReplayResult(TimeSpan Elapsed, int Transactions, int Entities, int Adds, int Merges, int Other, int Failed);
