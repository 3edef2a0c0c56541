namespace Touchpoints.Benchmarks.Recording;

/// <summary>One entity group transaction as the pipeline sent it: which handler batch it belonged to, when, and its body.</summary>
internal sealed record RecordedTransaction(int Batch, long Sequence, ReadOnlyMemory<byte> Body);
