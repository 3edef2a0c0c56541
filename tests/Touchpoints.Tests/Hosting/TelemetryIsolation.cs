using Xunit;

namespace Touchpoints.Tests.Hosting;

/// <summary>
/// Runs the telemetry tests alone: an OpenTelemetry listener hears every meter and source of its name in the process,
/// so another test's ingest in parallel would add to the counts asserted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryIsolation
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Telemetry";
}
