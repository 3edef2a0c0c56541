using System.Globalization;
using System.Text;

namespace Touchpoints.Snapshots;

/// <summary>
/// Writes <c>funnel.svg</c>: a funnel chart to read at a glance. One centred bar per stage, its width proportional to
/// the customers who reached it, with the stage's name on the left and the count, its share of the first stage and the
/// day's movement on the right; between two bars, the conversion and drop-off; below, a compact attribution of the
/// conversion stage (first touch, last touch, converting: the top three channels and campaigns). Self-contained (no fonts, scripts or
/// links), numbers in the invariant culture, so the same snapshot is always the same bytes.
/// </summary>
public static class SnapshotSvgWriter
{
    /// <summary>The content type.</summary>
    public const string ContentType = "image/svg+xml";

    private const int Width = 1000;
    private const int BarHeight = 48;
    private const int Gap = 40;
    private const int Top = 96;
    private const double BarLeft = 200;
    private const double BarMaxWidth = 440;
    private const double BarMinWidth = 6;
    private const string Font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif\"";

    private static readonly string[] Palette = ["#1f4e79", "#2e75b6", "#3b8bd0", "#4ea1d3", "#63b7c9", "#76c7b0", "#8fd19e", "#b5d99c"];

    /// <summary>The image's UTF-8 bytes.</summary>
    public static byte[] Write(FunnelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var stages = snapshot.Stages;
        var attributed = AttributedStage(snapshot);
        var attributionTop = Top + (stages.Count * (BarHeight + Gap)) - Gap + 24;
        var height = Top + (stages.Count * (BarHeight + Gap)) - Gap + 64 + (attributed is null ? 0 : AttributionHeight);
        var top = stages.Count == 0 ? 0 : stages.Max(static s => s.Reached);
        var center = BarLeft + (BarMaxWidth / 2);
        var date = snapshot.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var svg = new StringBuilder(8 * 1024);

        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"title\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"title\">{Escape(snapshot.FunnelName)}: funnel on {date} ({Escape(snapshot.TimeZone)})</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<g {Font} fill=\"#1b1b1b\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"24\" y=\"40\" font-size=\"24\" font-weight=\"700\">{Escape(snapshot.FunnelName)} · {date}</text>\n");

        var subtitle = $"{Count(snapshot.Customers)} customers by the end of the day ({Escape(snapshot.TimeZone)}) · {Count(snapshot.ActiveCustomers)} active that day";
        if (snapshot.Nps.Score is { } nps)
        {
            subtitle += $" · NPS {Signed(nps)} ({Count(snapshot.Nps.Responses)} answers)";
        }

        if (snapshot.Csat.Average is { } csat)
        {
            subtitle += $" · CSAT {csat.ToString("0.0#", CultureInfo.InvariantCulture)}";
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"24\" y=\"68\" font-size=\"14\" fill=\"#555555\">{subtitle}</text>\n");

        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var y = Top + (i * (BarHeight + Gap));
            var width = BarWidth(stage.Reached, top);
            var x = center - (width / 2);
            var color = Palette[Math.Min(i, Palette.Length - 1)];

            if (i + 1 < stages.Count)
            {
                // The band to the next bar, so the eye follows the narrowing.
                var next = BarWidth(stages[i + 1].Reached, top);
                var bottom = y + BarHeight;
                var nextTop = bottom + Gap;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<polygon points=\"{N(x)},{bottom} {N(x + width)},{bottom} {N(center + (next / 2))},{nextTop} {N(center - (next / 2))},{nextTop}\" fill=\"#e8eef5\"/>\n");
                var following = stages[i + 1];
                var flow = following.Conversion is { } conversion
                    ? $"↓ {Percent(conversion)} continue · {Percent(following.DropOff ?? 0)} drop off"
                    : "↓ no customers to convert";
                if (following.TimeToReach is { } time)
                {
                    flow += $" · median {Duration(time.MedianSeconds)}";
                }

                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(center)}\" y=\"{bottom + 25}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#33475b\">{Escape(flow)}</text>\n");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{y}\" width=\"{N(width)}\" height=\"{BarHeight}\" rx=\"4\" fill=\"{color}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(BarLeft - 16)}\" y=\"{y + 30}\" font-size=\"17\" font-weight=\"600\" text-anchor=\"end\">{Escape(stage.Name)}</text>\n");
            var share = top == 0 ? "–" : Percent((double)stage.Reached / top);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(BarLeft + BarMaxWidth + 20)}\" y=\"{y + 22}\" font-size=\"18\" font-weight=\"700\">{Count(stage.Reached)} <tspan font-size=\"14\" font-weight=\"400\" fill=\"#555555\">({share})</tspan></text>\n");
            var movement = $"+{Count(stage.Entered)} that day · {Count(stage.Current)} here now · {Count(stage.Stalled)} stalled";
            if (stage.Implied > 0)
            {
                movement += $" · {Count(stage.Implied)} implied";
            }

            if (stage.Skipped > 0)
            {
                movement += $" · {Count(stage.Skipped)} skipped";
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(BarLeft + BarMaxWidth + 20)}\" y=\"{y + 42}\" font-size=\"12\" fill=\"#666666\">{movement}</text>\n");
            if (StageNotes(stage) is { } notes)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(BarLeft + BarMaxWidth + 20)}\" y=\"{y + 58}\" font-size=\"11\" fill=\"#7a4b00\">{Escape(notes)}</text>\n");
            }
        }

        if (attributed is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"24\" y=\"{attributionTop + 14}\" font-size=\"14\" font-weight=\"600\">Who reached {Escape(attributed.Name)}, credited to</text>\n");
            var line = 0;
            foreach (var (label, model) in new[] { ("first touch", attributed.FirstTouch), ("last touch", attributed.LastTouch), ("converting", attributed.Converting) })
            {
                var y = attributionTop + 36 + (line++ * 18);
                var text = $"{label}: {Top3(model.Channels)}  ·  campaigns: {Top3(model.Campaigns)}";
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"24\" y=\"{y}\" font-size=\"12\" fill=\"#33475b\">{Escape(text)}</text>\n");
            }
        }

        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"24\" y=\"{height - 22}\" font-size=\"11\" fill=\"#888888\">{(snapshot.Mode == Journeys.FunnelMode.Open ? "Open funnel: reached = customers with a touchpoint in the stage" : "Closed funnel: reached = customers at or past the stage (implied = skipped)")} by the end of the day. Stalled = no touchpoint for {snapshot.StalledDays} days. Funnel {Escape(snapshot.FunnelId)} ({Escape(snapshot.FunnelHash[..Math.Min(12, snapshot.FunnelHash.Length)])}), schema {FunnelSnapshot.SchemaVersion}.</text>\n");
        svg.Append("</g>\n</svg>\n");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(svg.ToString());
    }

    // The stage's commonest drop-off reason and its satisfaction, in one short line; null when there is neither.
    private static string? StageNotes(StageFigures stage)
    {
        var parts = new List<string>(3);
        if (stage.DropOffReasons.Reasons.Count > 0)
        {
            var top = stage.DropOffReasons.Reasons[0];
            var lift = top.Lift is { } value ? $"lift {value.ToString("0.0#", CultureInfo.InvariantCulture)}" : "none moved on after it";
            parts.Add($"stalls after {Shorten(top.Event)} ({top.Channel}): {Count(top.Stalled)}, {lift}");
        }

        if (stage.Satisfaction?.Nps.Score is { } nps)
        {
            parts.Add($"NPS {Signed(nps)} ({Count(stage.Satisfaction.Nps.Responses)})");
        }

        if (stage.Satisfaction?.Csat.Score is { } csat)
        {
            parts.Add($"CSAT {csat.ToString("0", CultureInfo.InvariantCulture)}% ({Count(stage.Satisfaction.Csat.Responses)})");
        }

        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..31] + "…";

    private const int AttributionHeight = 96;

    // The conversion stage, else the last stage: what a marketing team asks "which campaign converted" about.
    private static StageAttribution? AttributedStage(FunnelSnapshot snapshot)
    {
        var stages = snapshot.Attribution.Stages;
        if (stages.Count == 0)
        {
            return null;
        }

        foreach (var stage in stages)
        {
            if (string.Equals(stage.Name, snapshot.ConversionStage, StringComparison.Ordinal))
            {
                return stage;
            }
        }

        return stages[^1];
    }

    private static string Top3(IReadOnlyList<KeyCount> counts)
    {
        if (counts.Count == 0)
        {
            return "–";
        }

        var top = counts.OrderByDescending(static c => c.Count).ThenBy(static c => c.Key, StringComparer.Ordinal).Take(3)
            .Select(static c => $"{c.Key} {Count(c.Count)}");
        return string.Join(", ", top) + (counts.Count > 3 ? ", …" : string.Empty);
    }

    private static double BarWidth(long reached, long top) =>
        top == 0 ? BarMinWidth : Math.Max(BarMinWidth, Math.Round(BarMaxWidth * reached / top, 1));

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Signed(double value) => (value > 0 ? "+" : string.Empty) + value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0", CultureInfo.InvariantCulture) + " s",
        < 3600 => (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min",
        < 172_800 => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
        _ => (seconds / 86_400).ToString("0.#", CultureInfo.InvariantCulture) + " d",
    };

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#39;"),
                // XML 1.0 forbids most control characters even escaped.
                _ when char.IsControl(c) => escaped.Append(' '),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
