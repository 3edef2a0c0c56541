using NCrontab;

namespace Touchpoints.Snapshots;

/// <summary>
/// How daily funnel snapshots are computed and scheduled, bound from the <c>Touchpoints:Snapshots</c> configuration
/// section (app settings <c>Touchpoints__Snapshots__TimeZone</c>, …). The schedule is also read from the flat app
/// setting <c>SnapshotSchedule</c> when present, because the Functions timer trigger names it as <c>%SnapshotSchedule%</c>
/// and both hosts must run on the same schedule. Invalid values fail at start.
/// </summary>
public sealed class SnapshotOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Touchpoints:Snapshots";

    /// <summary>The flat app setting the Functions timer reads its schedule from.</summary>
    public const string ScheduleSettingName = "SnapshotSchedule";

    /// <summary>The default schedule: every day at 00:15:00 UTC.</summary>
    public const string DefaultSchedule = "0 15 0 * * *";

    /// <summary>
    /// How many days before yesterday a scheduled run recomputes, so touchpoints that arrive late (offline SDKs, Event Hubs
    /// backlogs) still reach their day's snapshot. Default 2; 0 to 31.
    /// </summary>
    public int LateDays { get; set; } = 2;

    /// <summary>The IANA time zone whose calendar days snapshots cover (for example <c>Europe/Berlin</c>). Default <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The default of <see cref="TopCampaigns"/>.</summary>
    public const int DefaultTopCampaigns = 10;

    /// <summary>
    /// How many campaigns each attribution model lists by name, per stage (the most customers first); the rest are summed
    /// as <c>(other)</c>. Default 10; 1 to 100.
    /// </summary>
    public int TopCampaigns { get; set; } = DefaultTopCampaigns;

    /// <summary>How many days without a touchpoint make a customer stalled in their current stage. Default 14; 1 to 3650.</summary>
    public int StalledDays { get; set; } = 14;

    /// <summary>
    /// When scheduled runs happen: an NCRONTAB expression with six fields (seconds first), evaluated in UTC as the
    /// Functions timer does. Default <c>0 15 0 * * *</c> (00:15:00 every day).
    /// </summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>The time zone named by <see cref="TimeZone"/>.</summary>
    /// <exception cref="TimeZoneNotFoundException">No such time zone on this machine.</exception>
    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The parsed <see cref="Schedule"/>.</summary>
    /// <exception cref="CrontabException">The expression is not a six-field NCRONTAB expression.</exception>
    public CrontabSchedule ResolveSchedule() => CrontabSchedule.Parse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    /// <summary>
    /// The occurrence of <see cref="Schedule"/> (UTC) that a run at <paramref name="instant"/> belongs to: the latest one
    /// at or before it, looked for up to 31 days back; <paramref name="instant"/> itself when there is none that recent.
    /// A run retried minutes or hours later, or started late, still belongs to the occurrence that fired it.
    /// </summary>
    /// <exception cref="CrontabException">The expression is not a six-field NCRONTAB expression.</exception>
    public DateTimeOffset OccurrenceOf(DateTimeOffset instant)
    {
        var end = instant.UtcDateTime.AddSeconds(1);
        DateTime? latest = null;
        foreach (var occurrence in ResolveSchedule().GetNextOccurrences(end.AddDays(-31), end))
        {
            latest = occurrence;
        }

        return latest is { } found ? new DateTimeOffset(DateTime.SpecifyKind(found, DateTimeKind.Utc)) : instant;
    }

    /// <summary>Every problem with the values, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();

        // The platform passes an unresolvable Key Vault reference through as text; name the setting, not a bad time zone.
        var unresolved = false;
        foreach (var (setting, value) in new[] { ($"{SectionName}:TimeZone", TimeZone), ($"{SectionName}:Schedule (or {ScheduleSettingName})", Schedule) })
        {
            if (Hosting.TouchpointOptions.IsUnresolvedPlatformReference(value))
            {
                problems.Add(Hosting.TouchpointOptions.UnresolvedPlatformReferenceProblem(setting));
                unresolved = true;
            }
        }

        if (unresolved)
        {
            return problems;
        }

        if (LateDays is < 0 or > 31)
        {
            problems.Add($"{SectionName}:LateDays is {LateDays}; it must be 0 to 31.");
        }

        if (TopCampaigns is < 1 or > 100)
        {
            problems.Add($"{SectionName}:TopCampaigns is {TopCampaigns}; it must be 1 to 100.");
        }

        if (StalledDays is < 1 or > 3650)
        {
            problems.Add($"{SectionName}:StalledDays is {StalledDays}; it must be 1 to 3650.");
        }

        try
        {
            _ = ResolveTimeZone();
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            problems.Add($"{SectionName}:TimeZone '{TimeZone}' is not a time zone on this machine ({ex.Message}); use an IANA id such as 'UTC' or 'Europe/Berlin'.");
        }

        if (string.IsNullOrWhiteSpace(Schedule) || Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            problems.Add($"{SectionName}:Schedule (or {ScheduleSettingName}) '{Schedule}' must be an NCRONTAB expression with six fields, seconds first, such as '{DefaultSchedule}'.");
        }
        else
        {
            try
            {
                _ = ResolveSchedule();
            }
            catch (CrontabException ex)
            {
                problems.Add($"{SectionName}:Schedule (or {ScheduleSettingName}) '{Schedule}' is not a valid NCRONTAB expression: {ex.Message}");
            }
        }

        return problems;
    }
}
