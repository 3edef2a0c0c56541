using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Touchpoints.Snapshots;
using Xunit;

namespace Touchpoints.Tests.Snapshots;

public sealed class SnapshotOptionsTests
{
    [Fact]
    public void Validate_WhenDefaults_HasNoProblems()
    {
        var options = new SnapshotOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(2, options.LateDays);
        Assert.Equal(14, options.StalledDays);
        Assert.Equal("0 15 0 * * *", options.Schedule);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kathmandu")]
    public void ResolveTimeZone_WhenIanaIdWithInvariantGlobalization_Resolves(string id)
    {
        var zone = new SnapshotOptions { TimeZone = id }.ResolveTimeZone();

        Assert.Equal(id, zone.Id);
    }

    [Fact]
    public void Validate_WhenTimeZoneAndScheduleAreBad_NamesBoth()
    {
        var options = new SnapshotOptions { TimeZone = "Mars/Olympus", Schedule = "0 15 * * *", LateDays = 40 };

        var problems = options.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, static p => p.Contains("TimeZone 'Mars/Olympus'", StringComparison.Ordinal));
        Assert.Contains(problems, static p => p.Contains("six fields", StringComparison.Ordinal));
        Assert.Contains(problems, static p => p.Contains("LateDays", StringComparison.Ordinal));
    }

    [Fact]
    public void AddFunnelSnapshots_WhenFlatScheduleSettingPresent_ItWins()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SnapshotSchedule"] = "0 30 1 * * *",
            ["Touchpoints:Snapshots:Schedule"] = "0 0 2 * * *",
            ["Touchpoints:Snapshots:TimeZone"] = "Europe/Berlin",
        }).Build();
        var services = new ServiceCollection().AddFunnelSnapshots(configuration).AddFunnelSnapshots(configuration);
        using var provider = services.BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<SnapshotOptions>>().Value;

        // Assert
        Assert.Equal("0 30 1 * * *", options.Schedule);
        Assert.Equal("Europe/Berlin", options.TimeZone);
        Assert.Single(services, static d => d.ServiceType == typeof(FunnelSnapshotJob));
    }

    [Fact]
    public void AddFunnelSnapshots_WhenValueInvalid_FailsValidationNamingIt()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Touchpoints:Snapshots:StalledDays"] = "0",
        }).Build();
        using var provider = new ServiceCollection().AddFunnelSnapshots(configuration).BuildServiceProvider();

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SnapshotOptions>>().Value);

        // Assert
        Assert.Contains("StalledDays is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_WhenBerlinSpringsForward_TheDayIs23Hours()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var day = SnapshotDay.Of(new DateOnly(2026, 3, 29), zone);

        Assert.Equal(23L * 3600 * 1000, day.EndMs - day.StartMs);
        Assert.Equal(92, day.EndSlot - day.StartSlot);
    }

    [Theory]
    [InlineData("2026-03-11T00:15:00Z", "2026-03-11T00:15:00Z")]
    [InlineData("2026-03-11T00:47:13Z", "2026-03-11T00:15:00Z")]
    [InlineData("2026-03-11T23:59:59Z", "2026-03-11T00:15:00Z")]
    [InlineData("2026-03-12T00:14:59Z", "2026-03-11T00:15:00Z")]
    public void OccurrenceOf_WhenARunStartsLateOrIsRetried_ThenTheOccurrenceItBelongsTo(string startedAt, string expected)
    {
        var options = new SnapshotOptions { Schedule = "0 15 0 * * *" };

        var occurrence = options.OccurrenceOf(DateTimeOffset.Parse(startedAt, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), occurrence);
    }

    [Fact]
    public void OccurrenceOf_WhenNoOccurrenceInTheLast31Days_ThenTheInstantItself()
    {
        // 29 February only: a run in March 2027 has none in reach.
        var options = new SnapshotOptions { Schedule = "0 0 0 29 2 *" };
        var instant = new DateTimeOffset(2027, 3, 30, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(instant, options.OccurrenceOf(instant));
    }
}
