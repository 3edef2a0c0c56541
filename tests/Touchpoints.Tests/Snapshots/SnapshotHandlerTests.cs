using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Touchpoints.Snapshots;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

public sealed class SnapshotHandlerTests(AzuriteFixture azurite)
{
    private static async Task<(int Status, string ContentType, string Body)> ExecuteAsync(Func<HttpRequest, Task<IResult>> handle, string? accept = null, string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        var result = await handle(context.Request);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType ?? string.Empty, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public async Task GetAsync_WhenFormatByExtensionOrAccept_ReturnsThatFile()
    {
        // Arrange
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel]);
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());
        var handler = new SnapshotHandler(harness.Job, harness.Store);
        var ct = TestContext.Current.CancellationToken;
        var recompute = await ExecuteAsync(r => handler.RecomputeAsync(r, "default", "2026-03-10", ct));

        // Act
        var json = await ExecuteAsync(r => handler.GetAsync(r, "default", "2026-03-10", ct));
        var svg = await ExecuteAsync(r => handler.GetAsync(r, "default", "2026-03-10.svg", ct));
        var csv = await ExecuteAsync(r => handler.GetAsync(r, "default", "2026-03-10", ct), accept: "text/csv, application/json;q=0.5");
        var latest = await ExecuteAsync(r => handler.GetAsync(r, "default", "latest", ct));

        // Assert
        Assert.Equal(200, recompute.Status);
        Assert.Equal(7, JsonDocument.Parse(recompute.Body).RootElement.GetProperty("snapshots")[0].GetProperty("customers").GetInt32());
        Assert.Equal((200, SnapshotJsonWriter.ContentType), (json.Status, json.ContentType));
        Assert.Equal(Encoding.UTF8.GetString(await harness.ReadAsync("default/2026/03/10/funnel.json")), json.Body);
        Assert.Equal((200, SnapshotSvgWriter.ContentType), (svg.Status, svg.ContentType));
        Assert.StartsWith("<svg", svg.Body, StringComparison.Ordinal);
        Assert.Equal((200, SnapshotCsvWriter.ContentType), (csv.Status, csv.ContentType));
        Assert.StartsWith(SnapshotCsvWriter.Header, csv.Body, StringComparison.Ordinal);
        Assert.Equal(json.Body, latest.Body);
    }

    [Theory]
    [InlineData("nope", "2026-03-10", 404, "funnel")]
    [InlineData("default", "2026-03-11", 404, null)]
    [InlineData("default", "10.03.2026", 400, "date")]
    [InlineData("default", "2026-02-30", 400, "date")]
    [InlineData("default", "2026-03-10.pdf", 400, "date")]
    public async Task GetAsync_WhenFunnelDateOrFormatIsWrong_ReturnsProblemNamingTheField(string funnel, string date, int status, string? field)
    {
        // Arrange
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel]);
        var handler = new SnapshotHandler(harness.Job, harness.Store);

        // Act
        var response = await ExecuteAsync(r => handler.GetAsync(r, funnel, date, TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        if (field is not null)
        {
            Assert.Equal(field, JsonDocument.Parse(response.Body).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
        }
    }

    [Theory]
    [InlineData("?from=2026-03-01", "to")]
    [InlineData("?from=2026-03-09&to=2026-03-01", "to")]
    [InlineData("?from=2025-01-01&to=2026-03-01", "to")]
    [InlineData("?from=yesterday&to=2026-03-01", "from")]
    public async Task BackfillAsync_WhenRangeIsBadOrTooLong_Returns400NamingTheField(string query, string field)
    {
        // Arrange
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel]);
        var handler = new SnapshotHandler(harness.Job, harness.Store);

        // Act
        var response = await ExecuteAsync(r => handler.BackfillAsync(r, "default", TestContext.Current.CancellationToken), query: query);

        // Assert
        Assert.Equal(400, response.Status);
        Assert.Equal(field, JsonDocument.Parse(response.Body).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task BackfillAsync_WhenRangeIsValid_WritesEveryDay()
    {
        // Arrange
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel]);
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());
        var handler = new SnapshotHandler(harness.Job, harness.Store);

        // Act
        var response = await ExecuteAsync(r => handler.BackfillAsync(r, "default", TestContext.Current.CancellationToken), query: "?from=2026-03-08&to=2026-03-10");

        // Assert
        Assert.Equal(200, response.Status);
        Assert.Equal(3, JsonDocument.Parse(response.Body).RootElement.GetProperty("days").GetInt32());
        Assert.NotEmpty(await harness.ReadAsync("default/2026/03/08/funnel.csv"));
    }
}
