namespace Touchpoints.Benchmarks.Ingest;

/// <summary>What the ingest cases measured per touchpoint in steady state (warm cache; read requests from the cold run): the capacity model's inputs.</summary>
internal sealed record IngestFigures(
    double TransactionsPerTouchpoint,
    double EntitiesWrittenPerTouchpoint,
    double EntitiesReadPerTouchpoint,
    double ReadRequestsPerTouchpoint,
    double EventBytesPerTouchpoint,
    double StoredBytesPerTouchpoint,
    double CpuSecondsPerTouchpoint,
    double MeasuredRate);
