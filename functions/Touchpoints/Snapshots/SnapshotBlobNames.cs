using System.Globalization;

namespace Touchpoints.Snapshots;

/// <summary>Where snapshots live in their container: <c>{funnel}/{yyyy}/{MM}/{dd}/funnel.{json|csv|svg}</c> and <c>{funnel}/latest.json</c>.</summary>
internal static class SnapshotBlobNames
{
    /// <summary>The blob of a day's file.</summary>
    public static string Day(string funnelId, DateOnly date, SnapshotFormat format) =>
        $"{funnelId}/{date.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture)}/funnel.{Extension(format)}";

    /// <summary>The copy of the newest day's <c>funnel.json</c>.</summary>
    public static string Latest(string funnelId) => $"{funnelId}/latest.json";

    /// <summary>The file extension of a format.</summary>
    public static string Extension(SnapshotFormat format) => format switch
    {
        SnapshotFormat.Csv => "csv",
        SnapshotFormat.Svg => "svg",
        _ => "json",
    };

    /// <summary>The content type of a format.</summary>
    public static string ContentType(SnapshotFormat format) => format switch
    {
        SnapshotFormat.Csv => SnapshotCsvWriter.ContentType,
        SnapshotFormat.Svg => SnapshotSvgWriter.ContentType,
        _ => SnapshotJsonWriter.ContentType,
    };
}
