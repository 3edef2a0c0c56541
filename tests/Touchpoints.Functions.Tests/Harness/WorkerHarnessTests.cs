using Touchpoints.Functions.Tests.Harness.Rpc;
using Xunit;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// The compiled Functions worker run under a harness that plays the host's side of the gRPC protocol, against a real
/// Azurite: start-up, metadata, loading, and invocations of every trigger kind with their effects in storage.
/// </summary>
public sealed class WorkerHarnessTests(AzuriteWorkerFixture fixture) : IClassFixture<AzuriteWorkerFixture>
{
    private static readonly string[] ExpectedFunctions =
    [
        "BackfillSnapshots", "CustomerJourney", "EraseCustomer", "EventHubTouchpoints", "FunnelSnapshot", "GetSnapshot", "Pixel",
        "PixelPreflight", "RecomputeSnapshot", "SegmentPixel", "SegmentPixelPreflight", "TrackingApi", "TrackingApiPreflight",
    ];

    [Fact]
    public void Startup_WhenWorkerInitialises_ReportsCapabilitiesAndLoadsEveryFunction()
    {
        var host = fixture.Host;

        Assert.Equal(StatusResult.Types.Status.Success, host.Init.Result.Status);
        Assert.NotNull(host.HttpUri);
        Assert.Equal("True", host.Init.Capabilities["TypedDataCollection"]);
        Assert.Equal(ExpectedFunctions, host.Functions.Keys.Order(StringComparer.Ordinal));
        Assert.All(host.Functions.Values, f => Assert.True(f.Load.Result.Status == StatusResult.Types.Status.Success, $"{f.Name}: {f.Load.Result.Exception?.Message}\n{host.Diagnostics}"));
    }
}
