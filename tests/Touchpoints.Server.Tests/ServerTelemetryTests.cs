using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Touchpoints.Server;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary><c>Touchpoints:Telemetry:Exporter</c>: off by default, the named exporter otherwise, a typo stops the server.</summary>
public sealed class ServerTelemetryTests
{
    [Theory]
    [InlineData(null, "None")]
    [InlineData("none", "None")]
    [InlineData("Console", "Console")]
    [InlineData(" otlp ", "Otlp")]
    public void ExporterFrom_WhenSetOrNot_ThenTheExporter(string? value, string expected) =>
        Assert.Equal(expected, ServerTelemetry.ExporterFrom(Configuration(value)).ToString());

    [Theory]
    [InlineData("jaeger")]
    [InlineData("2")]
    public void ExporterFrom_WhenNoExporterHasTheName_ThenThrowsNamingTheSetting(string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ServerTelemetry.ExporterFrom(Configuration(value)));
        Assert.Contains(ServerTelemetry.ExporterKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServerTelemetry_ByDefault_AddsNoTracerProvider()
    {
        var services = new ServiceCollection();
        services.AddServerTelemetry(Configuration(null));

        Assert.DoesNotContain(services, static d => d.ServiceType == typeof(TracerProvider));
    }

    [Fact]
    public void AddServerTelemetry_WhenConsole_AddsATracerProvider()
    {
        var services = new ServiceCollection();
        services.AddServerTelemetry(Configuration("console"));

        Assert.Contains(services, static d => d.ServiceType == typeof(TracerProvider));
    }

    private static IConfiguration Configuration(string? exporter) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ServerTelemetry.ExporterKey] = exporter }).Build();
}
