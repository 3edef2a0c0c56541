namespace Touchpoints.Ingest;

/// <summary>What an ingest call did.</summary>
/// <param name="Applied">Touchpoints newly applied.</param>
/// <param name="Duplicates">Touchpoints recognised as already applied (a replay or retry), which changed nothing.</param>
public readonly record struct IngestResult(int Applied, int Duplicates)
{
    /// <summary>Touchpoints of suppressed ids, refused and stored nowhere.</summary>
    public int Suppressed { get; init; }

    /// <summary>Both results together.</summary>
    public IngestResult Add(IngestResult other) => new(Applied + other.Applied, Duplicates + other.Duplicates) { Suppressed = Suppressed + other.Suppressed };
}
