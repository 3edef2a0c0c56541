using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Touchpoints.Hosting;

/// <summary>Enables the pipeline's source and meters on an OpenTelemetry builder; each host adds only its exporter.</summary>
public static class TouchpointTelemetryBuilderExtensions
{
    /// <summary>Listens to the <see cref="TouchpointTelemetry.ActivitySourceName"/> source.</summary>
    public static TracerProviderBuilder AddTouchpointInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(TouchpointTelemetry.ActivitySourceName);
    }

    /// <summary>Listens to every meter in <see cref="TouchpointTelemetry.MeterNames"/>.</summary>
    public static MeterProviderBuilder AddTouchpointInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter([.. TouchpointTelemetry.MeterNames]);
    }
}
