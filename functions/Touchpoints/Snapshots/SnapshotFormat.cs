namespace Touchpoints.Snapshots;

/// <summary>The files of a day's snapshot.</summary>
internal enum SnapshotFormat
{
    /// <summary><c>funnel.json</c>.</summary>
    Json,

    /// <summary><c>funnel.csv</c>.</summary>
    Csv,

    /// <summary><c>funnel.svg</c>.</summary>
    Svg,
}
