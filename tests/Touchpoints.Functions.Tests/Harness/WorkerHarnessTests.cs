using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Touchpoints.Functions.Tests.Harness.Rpc;
using Touchpoints.Hosting;
using Touchpoints.Snapshots;
using Xunit;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// The compiled Functions worker run under a harness that plays the host's side of the gRPC protocol, against a real
/// Azurite: start-up, metadata and loading, then invocations of every trigger kind and their effects in storage.
/// </summary>
public sealed class WorkerHarnessTests(AzuriteWorkerFixture fixture) : IClassFixture<AzuriteWorkerFixture>
{
    private const string PublicHost = "https://touchpoints-harness.azurewebsites.net";

    private static readonly string[] ExpectedFunctions =
    [
        "BackfillSnapshots", "CustomerJourney", "CustomerJourneyByQuery", "Dashboard", "EraseCustomer", "EraseCustomerByQuery", "EventHubTouchpoints",
        "FunnelSnapshot", "GetSnapshot", "LiftSuppression", "Pixel", "PixelPreflight", "RecomputeSnapshot", "SegmentPixel", "SegmentPixelPreflight",
        "TrackingApi", "TrackingApiPreflight",
    ];

    private static readonly byte[] TransparentGif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private readonly StoredRows _rows = new(fixture.Azurite.CreateTableServiceClient().GetTableClient(fixture.TableName));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Startup_WhenWorkerInitialises_DeclaresHttpUriAndLoadsEveryFunctionWithItsBindings()
    {
        // Arrange
        var host = fixture.Host;

        // Assert: WorkerInitResponse
        Assert.Equal(StatusResult.Types.Status.Success, host.Init.Result.Status);
        Assert.NotNull(host.HttpUri);
        Assert.True(host.HttpUri.IsLoopback, $"HttpUri {host.HttpUri} is not a loopback address");
        Assert.Equal("True", host.Init.Capabilities["TypedDataCollection"]);
        Assert.Equal("True", host.Init.Capabilities["RpcHttpTriggerMetadataRemoved"]);
        Assert.Equal("True", host.Init.Capabilities["IncludeEmptyEntriesInMessagePayload"]);

        // Assert: FunctionMetadataResponse and one successful FunctionLoadResponse per function
        Assert.Equal(ExpectedFunctions, host.Functions.Keys.Order(StringComparer.Ordinal));
        Assert.All(host.Functions.Values, f =>
        {
            Assert.True(f.Load.Result.Status == StatusResult.Types.Status.Success, $"{f.Name}: {f.Load.Result.Exception?.Message}\n{host.Diagnostics}");
            Assert.Equal("Touchpoints.Functions.dll", f.Metadata.ScriptFile);
            Assert.Equal("dotnet-isolated", f.Metadata.Language);
            Assert.False(string.IsNullOrEmpty(f.FunctionId));
        });

        var pixel = host.Function("Pixel");
        Assert.Equal("Touchpoints.Functions.Functions.PixelFunction.Run", pixel.Metadata.EntryPoint);
        Assert.Equal(("httpTrigger", "In", "t.gif", "Anonymous"), (pixel.Trigger.Type, pixel.Trigger.Direction, pixel.Trigger.Property("route"), pixel.Trigger.Property("authLevel")));
        Assert.Equal(["get"], Methods(pixel.Trigger));
        Assert.Contains(pixel.Bindings, b => b is { Name: "$return", Type: "http", Direction: "Out" });

        var api = host.Function("TrackingApi").Trigger;
        Assert.Equal(("v1/{type}", "Anonymous"), (api.Property("route"), api.Property("authLevel")));
        Assert.Equal(["post"], Methods(api));
        Assert.Equal(["options"], Methods(host.Function("PixelPreflight").Trigger));
        Assert.Equal("Function", host.Function("CustomerJourney").Trigger.Property("authLevel"));

        var timer = host.Function("FunnelSnapshot");
        Assert.Equal(("timerTrigger", "%SnapshotSchedule%"), (timer.Trigger.Type, timer.Trigger.Property("schedule")));
        Assert.Equal((RpcRetryOptions.Types.RetryStrategy.ExponentialBackoff, 3), (timer.Metadata.RetryOptions.RetryStrategy, timer.Metadata.RetryOptions.MaxRetryCount));

        var eventHub = host.Function("EventHubTouchpoints");
        Assert.Equal(
            ("eventHubTrigger", "events", "%EventHubName%", "EventHubConnection", "%EventHubConsumerGroup%", "Many", "Binary"),
            (eventHub.Trigger.Type, eventHub.Trigger.Name, eventHub.Trigger.Property("eventHubName"), eventHub.Trigger.Property("connection"),
                eventHub.Trigger.Property("consumerGroup"), eventHub.Trigger.Property("cardinality"), eventHub.Trigger.Property("dataType")));
        var retry = eventHub.Metadata.RetryOptions;
        Assert.Equal(
            (RpcRetryOptions.Types.RetryStrategy.ExponentialBackoff, 5, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)),
            (retry.RetryStrategy, retry.MaxRetryCount, retry.MinimumInterval.ToTimeSpan(), retry.MaximumInterval.ToTimeSpan()));
    }

    [Fact]
    public async Task Pixel_WhenForwardedWithInvocationId_AnswersGifAndWritesJourneyAndTimeline()
    {
        // Arrange
        var user = NewId("px");
        var request = new ClientHttpRequest(HttpMethod.Get, new Uri($"{PublicHost}/api/t.gif?uid={user}&e=Email%20Opened&ch=email&mid=m-{user}&ts=1767261600000"))
        {
            // A mail client's image fetch: without a user agent the pixel keeps the hit as a bot's, not the journey's.
            Headers = [new("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")],
        };

        // Act
        var result = await fixture.Host.InvokeHttpAsync("Pixel", request, Cancel);

        // Assert
        AssertSucceeded(result.Invocation);
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        Assert.Equal("image/gif", result.Response.Header("Content-Type"));
        Assert.Equal(TransparentGif, result.Response.Body);
        Assert.Contains("no-store", result.Response.Header("Cache-Control"), StringComparison.Ordinal);

        var journey = await _rows.JourneyAsync(user, Cancel);
        Assert.NotNull(journey);
        Assert.Equal(("awareness", 1L, user), (journey.GetString("Stage"), journey.GetInt64("Touches"), journey.GetString("Customer")));
        var touch = Assert.Single(await _rows.TimelineAsync(user, Cancel));
        Assert.Equal(StoredRows.TimelineRow(user, $"m-{user}"), touch.RowKey);
    }

    [Fact]
    public async Task Pixel_WhenClientIsAnonymousOverHttps_SetsASecureAnonymousIdCookieFromTheForwardedScheme()
    {
        // Arrange: no uid or aid, so the pixel issues a first-party id; the client spoke https to the front end only.
        var request = new ClientHttpRequest(HttpMethod.Get, new Uri($"{PublicHost}/api/t.gif?e=Ad%20Viewed&mid={NewId("anon")}"));

        // Act
        var result = await fixture.Host.InvokeHttpAsync("Pixel", request, Cancel);

        // Assert: Secure comes only from X-Forwarded-Proto, applied by the worker's forwarded-headers middleware.
        AssertSucceeded(result.Invocation);
        var cookie = result.Response.Header("Set-Cookie");
        Assert.NotNull(cookie);
        Assert.StartsWith("tp_aid=", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TrackingApiBatch_WhenWriteKeyValid_AnswersSuccessAndWritesEveryTouchpoint()
    {
        // Arrange
        var user = NewId("api");
        var request = SegmentBatch(
            Track(user, "Product Viewed", $"{user}-1", DateTimeOffset.Parse("2026-11-02T09:00:00Z", CultureInfo.InvariantCulture)),
            Track(user, "Order Completed", $"{user}-2", DateTimeOffset.Parse("2026-11-02T09:05:00Z", CultureInfo.InvariantCulture)));

        // Act
        var result = await fixture.Host.InvokeHttpAsync("TrackingApi", request, Cancel);

        // Assert
        AssertSucceeded(result.Invocation);
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        Assert.Equal("""{"success":true}""", Encoding.UTF8.GetString(result.Response.Body));

        var journey = await _rows.JourneyAsync(user, Cancel);
        Assert.NotNull(journey);
        Assert.Equal(("purchase", 2L), (journey.GetString("Stage"), journey.GetInt64("Touches")));
        var timeline = await _rows.TimelineAsync(user, Cancel);
        Assert.Equal([StoredRows.TimelineRow(user, $"{user}-1"), StoredRows.TimelineRow(user, $"{user}-2")], timeline.Select(static r => r.RowKey).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("t")]
    [InlineData("p")]
    [InlineData("s")]
    [InlineData("i")]
    [InlineData("a")]
    [InlineData("g")]
    [InlineData("b")]
    public async Task TrackingApi_WhenSegmentBrowserSdkOneLetterPath_AnswersSuccessAndWritesTheTouchpoint(string path)
    {
        // Arrange: analytics-next posts single calls to v1/t, v1/p, … and its batching delivery to v1/b.
        var user = NewId("letter");
        var fields = $$"""
            "userId":"{{user}}","previousId":"{{user}}-old","messageId":"{{user}}-1","event":"Pricing Viewed","name":"Pricing","groupId":"acme","timestamp":"2026-11-03T10:00:00Z"
            """;
        var body = path == "b"
            ? $$"""{"batch":[{"type":"track",{{fields}}}],"writeKey":"{{AzuriteWorkerFixture.WriteKey}}"}"""
            : $$"""{"writeKey":"{{AzuriteWorkerFixture.WriteKey}}",{{fields}}}""";
        var request = new ClientHttpRequest(HttpMethod.Post, new Uri($"{PublicHost}/api/v1/{path}")) { ContentType = "text/plain", Body = Json(body) };

        // Act
        var result = await fixture.Host.InvokeHttpAsync("TrackingApi", request, Cancel);

        // Assert
        AssertSucceeded(result.Invocation);
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        Assert.Equal([StoredRows.TimelineRow(user, $"{user}-1")], (await _rows.TimelineAsync(user, Cancel)).Select(static r => r.RowKey));
    }

    [Fact]
    public async Task CustomerJourney_WhenTheRouteCarriesTheId_ReadsBackWhatTheWorkerWrote()
    {
        // Arrange: written through the API route; read through the journey route, whose string id parameter the worker
        // binds from the trigger metadata (the route value the host matched).
        var user = NewId("read");
        var written = await fixture.Host.InvokeHttpAsync("TrackingApi", SegmentBatch(Track(user, "Order Completed", $"{user}-1", DateTimeOffset.Parse("2026-11-05T08:00:00Z", CultureInfo.InvariantCulture))), Cancel);
        Assert.Equal(HttpStatusCode.OK, written.Response.StatusCode);
        var request = new ClientHttpRequest(HttpMethod.Get, new Uri($"{PublicHost}/api/customers/{user}/journey"))
        {
            // The host checks the function key and forwards the header as it came; the harness plays an admitted request.
            Headers = [new("x-functions-key", "played-by-the-harness")],
        };

        // Act
        var result = await fixture.Host.InvokeHttpAsync("CustomerJourney", request, Cancel);

        // Assert
        AssertSucceeded(result.Invocation);
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        using var journey = JsonDocument.Parse(result.Response.Body);
        Assert.Equal(user, journey.RootElement.GetProperty("customerId").GetString());
        var funnel = Assert.Single(journey.RootElement.GetProperty("journeys").EnumerateArray());
        Assert.Equal(("purchase", 1L), (funnel.GetProperty("furthestStage").GetString(), funnel.GetProperty("touchCount").GetInt64()));
    }

    [Theory]
    [InlineData("", HttpStatusCode.OK, "text/html; charset=utf-8")]
    [InlineData("dashboard.css", HttpStatusCode.OK, "text/css; charset=utf-8")]
    [InlineData("dashboard.js", HttpStatusCode.OK, "text/javascript; charset=utf-8")]
    [InlineData("nothing.html", HttpStatusCode.NotFound, "application/problem+json")]
    public async Task Dashboard_WhenRequestedAnonymously_ServesTheEmbeddedFileWithItsPolicyOrNotFound(string file, HttpStatusCode status, string contentType)
    {
        // Arrange: the page's own path ends in a slash; without one the handler redirects there.
        var request = new ClientHttpRequest(HttpMethod.Get, new Uri($"{PublicHost}/api/dashboard/{file}"));

        // Act
        var result = await fixture.Host.InvokeHttpAsync("Dashboard", request, Cancel);

        // Assert
        AssertSucceeded(result.Invocation);
        Assert.Equal(status, result.Response.StatusCode);
        Assert.Equal(contentType, result.Response.Header("Content-Type"));
        if (status == HttpStatusCode.OK)
        {
            Assert.Equal(DashboardHandler.ContentSecurityPolicy, result.Response.Header("Content-Security-Policy"));
            Assert.NotEmpty(result.Response.Body);
        }
    }

    [Fact]
    public async Task FunnelSnapshot_WhenTimerFires_WritesTheOccurrencesDaysToTheSnapshotContainer()
    {
        // Arrange: a customer active yesterday (of the schedule occurrence the run belongs to), written through the worker.
        var schedule = new SnapshotOptions { Schedule = "0 15 0 * * *" };
        var occurrence = schedule.OccurrenceOf(DateTimeOffset.UtcNow);
        var yesterday = DateOnly.FromDateTime(occurrence.UtcDateTime).AddDays(-1);
        var user = NewId("snap");
        var at = new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var written = await fixture.Host.InvokeHttpAsync("TrackingApi", SegmentBatch(Track(user, "Order Completed", $"{user}-1", at)), Cancel);
        Assert.Equal(HttpStatusCode.OK, written.Response.StatusCode);

        // The host's TimerInfo (Newtonsoft) for a monitored schedule, and the timer binding's one binding-data entry.
        var timerInfo = $$"""
            {"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"{{occurrence.AddDays(-1):yyyy-MM-ddTHH:mm:ss}}+00:00","Next":"{{occurrence:yyyy-MM-ddTHH:mm:ss}}+00:00","LastUpdated":"{{occurrence.AddDays(-1):yyyy-MM-ddTHH:mm:ss}}+00:00"},"IsPastDue":false}
            """;
        var inputs = new[] { new ParameterBinding { Name = "timer", Data = RpcValues.RawJson(timerInfo) } };
        var metadata = new Dictionary<string, TypedData> { ["TimerTrigger"] = RpcValues.String(DateTime.UtcNow.ToString(CultureInfo.InvariantCulture)) };

        // Act
        var response = await fixture.Host.InvokeAsync("FunnelSnapshot", inputs, metadata, cancellationToken: Cancel);

        // Assert: the run snapshots the worker's occurrence's yesterday and the two late days before it, in three
        // formats, plus latest.json. Should an occurrence pass during the test, the worker's yesterday is one day
        // later, and the seeded day is then one of its late days: the assertions below hold either way.
        AssertSucceeded(response);
        var runYesterday = DateOnly.FromDateTime(schedule.OccurrenceOf(DateTimeOffset.UtcNow).UtcDateTime).AddDays(-1);
        var container = fixture.Azurite.CreateBlobServiceClient().GetBlobContainerClient(fixture.SnapshotContainer);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: Cancel))
        {
            names.Add(blob.Name);
        }

        var day = $"{StoredRows.DefaultFunnel}/{yesterday:yyyy'/'MM'/'dd}";
        Assert.Contains($"{day}/funnel.json", names);
        Assert.Contains($"{day}/funnel.csv", names);
        Assert.Contains($"{day}/funnel.svg", names);
        Assert.Contains($"{StoredRows.DefaultFunnel}/latest.json", names);
        Assert.Contains($"{StoredRows.DefaultFunnel}/{runYesterday.AddDays(-2):yyyy'/'MM'/'dd}/funnel.json", names);

        using var snapshot = JsonDocument.Parse((await container.GetBlobClient($"{day}/funnel.json").DownloadContentAsync(Cancel)).Value.Content.ToMemory());
        Assert.Equal(yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), snapshot.RootElement.GetProperty("date").GetString());
        Assert.True(snapshot.RootElement.GetProperty("totals").GetProperty("active").GetInt32() >= 1, snapshot.RootElement.GetRawText());
    }

    [Fact]
    public async Task EventHubTouchpoints_WhenBatchBoundAsTheHostSendsIt_AppliesEventsAndDeadLettersTheInvalidOneWithItsMetadata()
    {
        // Arrange: a single message, a Segment batch object with an empty partition key (kept, so the arrays stay
        // aligned), and an invalid message, which is dead-lettered with the metadata the worker bound.
        var (a, b, marker) = (NewId("eha"), NewId("ehb"), NewId("ehbad"));
        var enqueued = DateTimeOffset.UtcNow.AddSeconds(-5);
        HostEventData[] events =
        [
            new(Json(Message(a, "Product Viewed", $"{a}-1")), 4100, "8589934592", "pk-a", enqueued),
            new(Json($$"""{"batch":[{{Message(b, "Signed Up", $"{b}-1")}},{{Message(b, "Order Completed", $"{b}-2")}}]}"""), 4101, "8589935000", null, enqueued.AddMilliseconds(250)),
            new(Json($$"""{"type":"track","userId":"{{marker}}","messageId":"{{marker}}"}"""), 4102, "8589935500", "pk-c", enqueued.AddMilliseconds(500)),
        ];

        // Act
        var response = await InvokeEventHubAsync(events, retry: null);

        // Assert: applied
        AssertSucceeded(response);
        Assert.Equal(("consideration", 1L), await StageAndTouchesAsync(a));
        Assert.Equal(("purchase", 2L), await StageAndTouchesAsync(b));

        // Assert: the invalid event's dead letter carries every piece of binding data the worker read
        var letter = await DeadLetterContainingAsync(marker);
        var metadata = letter.RootElement.GetProperty("metadata");
        Assert.Equal("eventhubs", letter.RootElement.GetProperty("source").GetString());
        Assert.Equal(AzuriteWorkerFixture.EventHubName, metadata.GetProperty("eventHub").GetString());
        Assert.Equal("7", metadata.GetProperty("partitionId").GetString());
        Assert.Equal("4102", metadata.GetProperty("sequenceNumber").GetString());
        Assert.Equal("8589935500", metadata.GetProperty("offset").GetString());
        Assert.Equal("pk-c", metadata.GetProperty("partitionKey").GetString());
        Assert.Equal(enqueued.AddMilliseconds(500), DateTimeOffset.Parse(metadata.GetProperty("enqueuedTime").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task EventHubTouchpoints_WhenRedeliveredWithARetryContext_SucceedsAndAppliesNothingTwice()
    {
        // Arrange
        var user = NewId("ehretry");
        var enqueued = DateTimeOffset.UtcNow.AddSeconds(-5);
        HostEventData[] events =
        [
            new(Json(Message(user, "Product Viewed", $"{user}-1")), 9000, "12884901888", user, enqueued),
            new(Json(Message(user, "Order Completed", $"{user}-2")), 9001, "12884902000", user, enqueued.AddMilliseconds(100)),
        ];
        AssertSucceeded(await InvokeEventHubAsync(events, retry: null));

        // Act: the host's retry of the same batch after a failed attempt carries the RetryContext of the policy.
        var retried = await InvokeEventHubAsync(events, new RetryContext
        {
            RetryCount = 1,
            MaxRetryCount = 5,
            Exception = new RpcException { Message = "Exception while executing function: Functions.EventHubTouchpoints", Source = "Microsoft.Azure.WebJobs.Host", StackTrace = string.Empty },
        });

        // Assert
        AssertSucceeded(retried);
        Assert.Equal(("purchase", 2L), await StageAndTouchesAsync(user));
        Assert.Equal(2, (await _rows.TimelineAsync(user, Cancel)).Count);
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static string[] Methods(RawBinding binding) =>
        [.. binding.Json.GetProperty("methods").EnumerateArray().Select(static m => m.GetString()!)];

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static string Message(string user, string name, string messageId) =>
        $$"""{"type":"track","userId":"{{user}}","event":"{{name}}","messageId":"{{messageId}}","timestamp":"2026-11-03T10:00:00Z"}""";

    private static string Track(string user, string name, string messageId, DateTimeOffset at) =>
        $$"""{"type":"track","userId":"{{user}}","event":"{{name}}","messageId":"{{messageId}}","timestamp":"{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";

    private static ClientHttpRequest SegmentBatch(params string[] messages) =>
        new(HttpMethod.Post, new Uri($"{PublicHost}/api/v1/batch"))
        {
            Headers = [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AzuriteWorkerFixture.WriteKey + ":"))), new("User-Agent", "analytics-node-next/latest")],
            ContentType = "application/json",
            Body = Encoding.UTF8.GetBytes($$"""{"batch":[{{string.Join(',', messages)}}],"sentAt":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}"}"""),
        };

    private static void AssertSucceeded(InvocationResponse response) =>
        Assert.True(
            response.Result.Status == StatusResult.Types.Status.Success,
            $"invocation {response.InvocationId}: {response.Result.Status} {response.Result.Exception?.Message}\n{response.Result.Exception?.StackTrace}");

    private Task<InvocationResponse> InvokeEventHubAsync(IReadOnlyList<HostEventData> events, RetryContext? retry) =>
        fixture.Host.InvokeAsync(
            "EventHubTouchpoints",
            [EventHubTriggerData.Input("events", events)],
            EventHubTriggerData.Metadata(events, AzuriteWorkerFixture.EventHubNamespace, AzuriteWorkerFixture.EventHubName, AzuriteWorkerFixture.ConsumerGroup, partitionId: "7"),
            retry,
            Cancel);

    private async Task<(string? Stage, long? Touches)> StageAndTouchesAsync(string user)
    {
        var journey = await _rows.JourneyAsync(user, Cancel);
        Assert.NotNull(journey);
        return (journey.GetString("Stage"), journey.GetInt64("Touches"));
    }

    private async Task<JsonDocument> DeadLetterContainingAsync(string marker)
    {
        BlobContainerClient container = fixture.Azurite.CreateBlobServiceClient().GetBlobContainerClient(fixture.DeadLetterContainer);
        var found = new List<JsonDocument>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: Cancel))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync(Cancel)).Value.Content.ToString();
            if (content.Contains(marker, StringComparison.Ordinal))
            {
                Assert.Contains("/eventhubs/", blob.Name, StringComparison.Ordinal);
                found.Add(JsonDocument.Parse(content));
            }
        }

        return Assert.Single(found);
    }
}
