using System.Net;
using System.Text;
using Touchpoints.Functions.Tests.Harness.Rpc;
using Xunit;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// The compiled worker with Azure's identity-based settings and no connection string: it initialises, indexes and
/// loads every function, and answers what needs no storage, so configuration binds and dependencies resolve as deployed.
/// </summary>
public sealed class IdentitySettingsWorkerTests(IdentitySettingsWorkerFixture fixture) : IClassFixture<IdentitySettingsWorkerFixture>
{
    private const string PublicHost = "https://func-touchpoints-harness.azurewebsites.net";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Startup_WhenStorageIsIdentityBased_InitialisesAndLoadsEveryFunction()
    {
        // Arrange
        var host = fixture.Host;

        // Assert
        Assert.Equal(StatusResult.Types.Status.Success, host.Init.Result.Status);
        Assert.Equal(StatusResult.Types.Status.Success, host.Metadata.Result.Status);
        Assert.Equal(17, host.Functions.Count);
        Assert.All(host.Functions.Values, f => Assert.True(f.Load.Result.Status == StatusResult.Types.Status.Success, $"{f.Name}: {f.Load.Result.Exception?.Message}\n{host.Diagnostics}"));
    }

    [Fact]
    public async Task PixelPreflight_WhenOriginAllowed_AnswersCorsWithoutTouchingStorage()
    {
        // Arrange
        var request = new ClientHttpRequest(HttpMethod.Options, new Uri($"{PublicHost}/api/t.gif"))
        {
            Headers = [new("Origin", IdentitySettingsWorkerFixture.AllowedOrigin), new("Access-Control-Request-Method", "GET")],
        };

        // Act
        var result = await fixture.Host.InvokeHttpAsync("PixelPreflight", request, Cancel);

        // Assert
        AssertSucceeded(result.Invocation);
        Assert.Equal(HttpStatusCode.NoContent, result.Response.StatusCode);
        Assert.Equal(IdentitySettingsWorkerFixture.AllowedOrigin, result.Response.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", result.Response.Header("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task TrackingApiPreflight_WhenOriginNotConfigured_RefusesWith403()
    {
        // Arrange
        var request = new ClientHttpRequest(HttpMethod.Options, new Uri($"{PublicHost}/api/v1/track"))
        {
            Headers = [new("Origin", "https://elsewhere.example"), new("Access-Control-Request-Method", "POST")],
        };

        // Act
        var result = await fixture.Host.InvokeHttpAsync("TrackingApiPreflight", request, Cancel);

        // Assert: the bound Touchpoints:CorsOrigins decided, not a default
        AssertSucceeded(result.Invocation);
        Assert.Equal(HttpStatusCode.Forbidden, result.Response.StatusCode);
        Assert.Null(result.Response.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TrackingApi_WhenWriteKeyUnknown_RefusesWith401BeforeAnyStorage()
    {
        // Arrange
        var request = new ClientHttpRequest(HttpMethod.Post, new Uri($"{PublicHost}/api/v1/batch"))
        {
            Headers = [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("not-a-configured-key:")))],
            ContentType = "application/json",
            Body = """{"batch":[{"type":"track","userId":"u-identity","event":"Order Completed","messageId":"m-identity"}]}"""u8.ToArray(),
        };

        // Act
        var result = await fixture.Host.InvokeHttpAsync("TrackingApi", request, Cancel);

        // Assert
        AssertSucceeded(result.Invocation);
        Assert.Equal(HttpStatusCode.Unauthorized, result.Response.StatusCode);
        Assert.StartsWith("Basic", result.Response.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", result.Response.Header("Content-Type"));
    }

    [Fact]
    public async Task WorkerTerminate_WhenTheHostShutsDown_TheWorkerExitsByItself()
    {
        // Arrange: a worker of its own, so the shared one stays up for the other tests.
        var host = await FunctionsHostHarness.StartAsync(IdentitySettingsWorkerFixture.AppSettings, Cancel);

        // Act
        await host.DisposeAsync();

        // Assert: it stopped on WorkerTerminate within the grace period, not by the harness's kill.
        Assert.True(host.TerminatedByItself, host.Diagnostics);
    }

    [Fact]
    public async Task Startup_WhenASettingIsInvalid_TheWorkerStopsBeforeItConnectsAndSaysWhy()
    {
        // Arrange
        var settings = new Dictionary<string, string?>(IdentitySettingsWorkerFixture.AppSettings, StringComparer.Ordinal) { ["Touchpoints__BucketCount"] = "0" };

        // Act
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionsHostHarness.StartAsync(settings, Cancel));

        // Assert: options are validated at start, so a host would see the worker exit with the reason, not a late 500.
        Assert.Contains("exited before it opened its stream", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Touchpoints:BucketCount is 0", failure.Message, StringComparison.Ordinal);
    }

    private static void AssertSucceeded(InvocationResponse response) =>
        Assert.True(
            response.Result.Status == StatusResult.Types.Status.Success,
            $"invocation {response.InvocationId}: {response.Result.Status} {response.Result.Exception?.Message}\n{response.Result.Exception?.StackTrace}");
}
