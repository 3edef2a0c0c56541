using System.Globalization;
using Touchpoints.Journeys;

namespace Touchpoints.Snapshots;

/// <summary>
/// One calendar day in a time zone as a half-open interval of Unix milliseconds, <c>[StartMs, EndMs)</c>, and as
/// activity slots. Every UTC offset in use is a multiple of a quarter-hour, so a day is whole slots.
/// </summary>
internal readonly record struct SnapshotDay(DateOnly Date, long StartMs, long EndMs)
{
    /// <summary>The first slot of the day.</summary>
    public int StartSlot => (int)Math.Floor(StartMs / (double)JourneyRecord.SlotMilliseconds);

    /// <summary>The first slot after the day.</summary>
    public int EndSlot => (int)Math.Floor(EndMs / (double)JourneyRecord.SlotMilliseconds);

    /// <summary>The date as <c>yyyy-MM-dd</c>.</summary>
    public string DateText => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The day of a date in a time zone. A day may be 23 or 25 hours long where the zone changes its offset.</summary>
    public static SnapshotDay Of(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new SnapshotDay(date, StartOf(date, zone), StartOf(date.AddDays(1), zone));
    }

    /// <summary>The date it is in a time zone at an instant.</summary>
    public static DateOnly DateAt(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    // Local midnight, as an instant. Where a zone skips midnight (a few change their offset at 00:00) the day starts at the
    // first local time that exists; where midnight happens twice, at the first of them.
    private static long StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUnixTimeMilliseconds();
    }
}
