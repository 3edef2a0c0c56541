using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Touchpoints.Hosting;

namespace Touchpoints.Server;

/// <summary>Adds OpenTelemetry with the exporter <c>Touchpoints:Telemetry:Exporter</c> names; the sources and meters come from the library.</summary>
internal static class ServerTelemetry
{
    /// <summary>The setting that picks the exporter: <c>none</c> (default), <c>console</c> or <c>otlp</c>.</summary>
    public const string ExporterKey = "Touchpoints:Telemetry:Exporter";

    /// <summary>Adds the exporter, or nothing for <see cref="TelemetryExporter.None"/>.</summary>
    /// <exception cref="InvalidOperationException">The setting names no exporter: the server stops at start, naming it.</exception>
    public static void AddServerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var exporter = ExporterFrom(configuration);
        if (exporter == TelemetryExporter.None)
        {
            return;
        }

        // The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_ settings) from configuration itself.
        services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddTouchpointInstrumentation();
                _ = exporter == TelemetryExporter.Console ? tracing.AddConsoleExporter() : tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddTouchpointInstrumentation();
                _ = exporter == TelemetryExporter.Console ? metrics.AddConsoleExporter() : metrics.AddOtlpExporter();
            });
    }

    /// <summary>The configured exporter.</summary>
    /// <exception cref="InvalidOperationException">The setting names no exporter.</exception>
    internal static TelemetryExporter ExporterFrom(IConfiguration configuration)
    {
        var value = configuration[ExporterKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return TelemetryExporter.None;
        }

        return Enum.TryParse<TelemetryExporter>(value.Trim(), ignoreCase: true, out var exporter) && Enum.IsDefined(exporter) && !int.TryParse(value, out _)
            ? exporter
            : throw new InvalidOperationException($"{ExporterKey} '{value}' is not an exporter: use none, console or otlp.");
    }
}
