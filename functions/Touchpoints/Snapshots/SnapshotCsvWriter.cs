using System.Globalization;
using System.Text;

namespace Touchpoints.Snapshots;

/// <summary>
/// Writes <c>funnel.csv</c>: RFC 4180 (comma separated, CRLF line ends, UTF-8 without a byte order mark), one long
/// table with a header, so a spreadsheet or Power BI filters it by <c>section</c>. Numbers use the invariant culture.
/// <list type="bullet">
/// <item><c>stage</c>: one row per stage, every stage column filled (<c>time_to_reach_*</c> in seconds), <c>optional</c> as
/// <c>true</c>/<c>false</c>.</item>
/// <item><c>drop_off</c>: per stage, <c>stalled</c> and <c>moved_on</c> (the customers counted) in <c>value</c>.</item>
/// <item><c>drop_off_reason</c>: per stage and reason, the event in <c>key</c>, the stalled count in <c>value</c>, with
/// <c>channel</c>, <c>moved_on</c> and <c>lift</c> (empty when unbounded).</item>
/// <item><c>stage_nps</c>, <c>stage_csat</c>: per stage, the satisfaction of answers given in it, one figure a row as in
/// <c>nps</c> and <c>csat</c>.</item>
/// <item><c>first_touch_channel</c>, <c>segment</c>: one row per key and stage, with <c>reached</c>.</item>
/// <item><c>conversion_channel</c>: one row per channel, the conversions in <c>value</c>, the conversion stage in <c>stage</c>.</item>
/// <item><c>total</c>, <c>nps</c>, <c>csat</c>: one row per figure, named by <c>key</c>, in <c>value</c>.</item>
/// <item><c>attribution_{first_touch,last_touch,converting}_{channel,campaign}</c>: one row per stage and key, the customers who
/// reached the stage credited to that channel or campaign in <c>reached</c>.</item>
/// </list>
/// Text that a spreadsheet would run as a formula (starting with <c>= + - @</c>) is prefixed with <c>'</c>.
/// </summary>
public static class SnapshotCsvWriter
{
    /// <summary>The header row's columns.</summary>
    public const string Header =
        "schema_version,funnel,date,time_zone,section,key,stage_index,stage,value,reached,current,entered,conversion,drop_off,time_to_reach_median_s,time_to_reach_p90_s,stalled,optional,implied,skipped,eligible,converted,channel,moved_on,lift";

    /// <summary>The content type.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    // The columns after "value".
    private const int StageColumns = 16;

    /// <summary>The table's UTF-8 bytes.</summary>
    public static byte[] Write(FunnelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var text = new StringBuilder(4096);
        text.Append(Header).Append("\r\n");
        var prefix = string.Join(
            ',',
            FunnelSnapshot.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            Field(snapshot.FunnelId),
            snapshot.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Field(snapshot.TimeZone));

        void Row(string section, string key, int? stageIndex, string? stage, string? value, params string?[] stageColumns)
        {
            text.Append(prefix).Append(',').Append(section).Append(',').Append(Field(key)).Append(',')
                .Append(stageIndex?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(stage is null ? null : Field(stage)).Append(',')
                .Append(value);
            for (var i = 0; i < StageColumns; i++)
            {
                text.Append(',').Append(i < stageColumns.Length ? stageColumns[i] : null);
            }

            text.Append("\r\n");
        }

        foreach (var s in snapshot.Stages)
        {
            Row("stage", string.Empty, s.Index, s.Name, null,
                Number(s.Reached), Number(s.Current), Number(s.Entered), Number(s.Conversion), Number(s.DropOff),
                Number(s.TimeToReach?.MedianSeconds), Number(s.TimeToReach?.P90Seconds), Number(s.Stalled),
                s.Optional ? "true" : "false", Number(s.Implied), Number(s.Skipped), Number(s.Eligible), Number(s.Converted));
        }

        foreach (var s in snapshot.Stages)
        {
            Row("drop_off", "stalled", s.Index, s.Name, Number(s.DropOffReasons.Stalled));
            Row("drop_off", "moved_on", s.Index, s.Name, Number(s.DropOffReasons.MovedOn));
            foreach (var reason in s.DropOffReasons.Reasons)
            {
                Row("drop_off_reason", reason.Event, s.Index, s.Name, Number(reason.Stalled),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, Field(reason.Channel), Number(reason.MovedOn), Number(reason.Lift));
            }
        }

        foreach (var s in snapshot.Stages)
        {
            if (s.Satisfaction is { } satisfaction)
            {
                SurveyRows("stage_nps", "stage_csat", s.Index, s.Name, satisfaction.Nps, satisfaction.Csat);
            }
        }

        Row("total", "customers", null, null, Number(snapshot.Customers));
        Row("total", "anonymous", null, null, Number(snapshot.AnonymousCustomers));
        Row("total", "active", null, null, Number(snapshot.ActiveCustomers));
        Row("total", "without_stage", null, null, Number(snapshot.WithoutStage));

        foreach (var (section, breakdowns) in new[] { ("first_touch_channel", snapshot.ByFirstTouchChannel), ("segment", snapshot.BySegment) })
        {
            foreach (var breakdown in breakdowns)
            {
                for (var s = 0; s < breakdown.Reached.Count && s < snapshot.Stages.Count; s++)
                {
                    Row(section, breakdown.Key, s, snapshot.Stages[s].Name, null, Number(breakdown.Reached[s]));
                }
            }
        }

        var conversionIndex = snapshot.Stages.FirstOrDefault(s => string.Equals(s.Name, snapshot.ConversionStage, StringComparison.Ordinal))?.Index;
        foreach (var channel in snapshot.ConversionChannels)
        {
            Row("conversion_channel", channel.Key, conversionIndex, snapshot.ConversionStage, Number(channel.Count));
        }

        SurveyRows("nps", "csat", null, null, snapshot.Nps, snapshot.Csat);

        void SurveyRows(string npsSection, string csatSection, int? stageIndex, string? stage, NpsFigures nps, CsatFigures csat)
        {
            Row(npsSection, "responses", stageIndex, stage, Number(nps.Responses));
            Row(npsSection, "promoters", stageIndex, stage, Number(nps.Promoters));
            Row(npsSection, "passives", stageIndex, stage, Number(nps.Passives));
            Row(npsSection, "detractors", stageIndex, stage, Number(nps.Detractors));
            Row(npsSection, "score", stageIndex, stage, Number(nps.Score));
            Row(csatSection, "responses", stageIndex, stage, Number(csat.Responses));
            Row(csatSection, "average", stageIndex, stage, Number(csat.Average));
            Row(csatSection, "satisfied", stageIndex, stage, Number(csat.Satisfied));
            Row(csatSection, "neutral", stageIndex, stage, Number(csat.Neutral));
            Row(csatSection, "dissatisfied", stageIndex, stage, Number(csat.Dissatisfied));
            Row(csatSection, "score", stageIndex, stage, Number(csat.Score));
        }

        foreach (var stage in snapshot.Attribution.Stages)
        {
            foreach (var (model, figures) in new[] { ("first_touch", stage.FirstTouch), ("last_touch", stage.LastTouch), ("converting", stage.Converting) })
            {
                foreach (var (dimension, counts) in new[] { ("channel", figures.Channels), ("campaign", figures.Campaigns) })
                {
                    foreach (var count in counts)
                    {
                        Row($"attribution_{model}_{dimension}", count.Key, stage.Index, stage.Name, null, Number(count.Count));
                    }
                }
            }
        }

        foreach (var count in snapshot.Filtered)
        {
            Row("filtered", count.Key, null, null, Number(count.Count));
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A text field, quoted when it holds a separator, quote or line break, and defused when it could run as a formula.</summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
