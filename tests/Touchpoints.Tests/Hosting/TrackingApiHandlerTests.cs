using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Hosting;

public sealed class TrackingApiHandlerTests
{
    private const string WriteKey = "unit-key";

    [Fact]
    public async Task HandleAsync_WhenStorageRefusesOneTouchpointOfABatch_Then400NamingItAndTheRestApplied()
    {
        // Arrange: the ingestor applied two and storage refused the second message for its own data.
        var ingestor = new RefusingIngestor(new RejectedTouchpoint("m-2", "PropertyValueTooLarge: a property is over Azure's limit"));
        var context = Request("""{"batch":[{"type":"track","userId":"u","event":"A","messageId":"m-1"},{"type":"track","userId":"u","event":"B","messageId":"m-2"},{"type":"track","userId":"u","event":"C","messageId":"m-3"}]}""");

        // Act
        var result = await Handler(ingestor).HandleAsync(context.Request, "batch", TestContext.Current.CancellationToken);
        await result.ExecuteAsync(context);

        // Assert
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var problem = JsonDocument.Parse(context.Response.Body);
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("batch[1]", error.GetProperty("field").GetString());
        Assert.Contains("PropertyValueTooLarge", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("1 of 3", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, ingestor.Received);
    }

    private static TrackingApiHandler Handler(ITouchpointIngestor ingestor)
    {
        var options = new TouchpointOptions();
        options.WriteKeys["unit"] = WriteKey;
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new TrackingApiHandler(ingestor, Options.Create(options), new IngestMetrics(meters), TimeProvider.System, NullLogger<TrackingApiHandler>.Instance);
    }

    private static DefaultHttpContext Request(string json)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":"));
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class RefusingIngestor(RejectedTouchpoint refused) : ITouchpointIngestor
    {
        public int Received { get; private set; }

        public ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
        {
            Received = touchpoints.Count;
            throw new TouchpointsRejectedException([refused], new IngestResult(touchpoints.Count - 1, 0));
        }
    }
}
