using System.Globalization;
using System.Text.RegularExpressions;

namespace Touchpoints.Journeys;

/// <summary>
/// Reads the funnel definition's <c>"conversionWindow"</c>: an ISO 8601 duration in weeks, days, hours, minutes and
/// seconds (<c>P30D</c>, <c>P2W</c>, <c>PT12H</c>, <c>P1DT6H</c>). Years and months are refused: they have no fixed length,
/// and a window must mean the same on every day.
/// </summary>
internal static partial class ConversionWindow
{
    /// <summary>Parses a duration; false with the reason when it is not one this file format accepts.</summary>
    public static bool TryParse(string text, out TimeSpan window, out string? problem)
    {
        window = TimeSpan.Zero;
        var match = DurationPattern().Match(text);
        if (!match.Success || text is "P" || text.EndsWith('T'))
        {
            problem = text.Contains('Y', StringComparison.Ordinal) || MonthsPattern().IsMatch(text)
                ? $"'{text}' uses years or months, which have no fixed length; use weeks, days, hours, minutes or seconds (e.g. P30D)"
                : $"'{text}' is not an ISO 8601 duration such as P30D, P2W, PT12H or P1DT6H";
            return false;
        }

        static double Part(Group group) => group.Success ? double.Parse(group.Value, NumberStyles.Float, CultureInfo.InvariantCulture) : 0;
        var seconds = (Part(match.Groups["w"]) * 7 * 86_400) + (Part(match.Groups["d"]) * 86_400) + (Part(match.Groups["h"]) * 3600)
            + (Part(match.Groups["m"]) * 60) + Part(match.Groups["s"]);
        if (seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            problem = $"'{text}' must be longer than zero and at most some millennia";
            return false;
        }

        window = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        problem = null;
        return true;
    }

    /// <summary>The canonical text of a window (for the definition hash): whole seconds as <c>PT…S</c>, milliseconds kept.</summary>
    public static string Canonical(TimeSpan window) =>
        "PT" + (window.TotalMilliseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture) + "S";

    [GeneratedRegex(@"^P(?:(?<w>\d{1,6})W)?(?:(?<d>\d{1,6})D)?(?:T(?:(?<h>\d{1,7})H)?(?:(?<m>\d{1,9})M)?(?:(?<s>\d{1,10}(?:\.\d{1,3})?)S)?)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^P[^T]*M")]
    private static partial Regex MonthsPattern();
}
