namespace Touchpoints.Server;

/// <summary>Where the local server sends the pipeline's traces and metrics (<c>Touchpoints:Telemetry:Exporter</c>).</summary>
internal enum TelemetryExporter
{
    /// <summary>Nowhere: the default, so a developer's console stays quiet and nothing dials out.</summary>
    None,

    /// <summary>Printed to the console, to see what is emitted without a collector.</summary>
    Console,

    /// <summary>OTLP to the collector at the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (Aspire dashboard, Jaeger, a collector).</summary>
    Otlp,
}
