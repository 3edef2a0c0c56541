using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

public sealed class EventHubEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Post_WhenBatchMixesValidAndInvalidEvents_ThenAppliesValidAndDeadLettersInvalidWithMetadata()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("eh");
        var batchBody = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $$"""{"batch":[{"type":"track","userId":"{{user}}","event":"Order Completed","messageId":"{{user}}-3"}]}"""));
        var json = $$"""
            [
              {"body":{"type":"track","userId":"{{user}}","event":"Ad Clicked","messageId":"{{user}}-1"},"enqueuedTimeUtc":"2026-03-01T10:00:00Z","sequenceNumber":100,"offset":"4096","partitionKey":"pk","partitionId":"3"},
              {"body":[{"type":"page","userId":"{{user}}","name":"Pricing","messageId":"{{user}}-2"}],"enqueuedTimeUtc":"2026-03-01T10:00:01Z","sequenceNumber":101,"partitionId":"3"},
              {"body":"{{batchBody}}","bodyEncoding":"base64","enqueuedTimeUtc":"2026-03-01T10:00:02Z","sequenceNumber":102,"partitionId":"3"},
              {"body":{"type":"track","event":"No Id {{user}}"},"enqueuedTimeUtc":"2026-03-01T10:00:03Z","sequenceNumber":103,"offset":"8192","partitionKey":"pk2","partitionId":"3"}
            ]
            """;

        // Act
        using var response = await _client.PostAsync("api/eventhubs/touchpoints", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(4, result.RootElement.GetProperty("events").GetInt32());
        Assert.Equal(3, result.RootElement.GetProperty("applied").GetInt32());
        Assert.Equal(1, result.RootElement.GetProperty("deadLettered").GetInt32());

        using var journey = await _client.JourneyAsync(user);
        var funnel = journey!.DefaultFunnel();
        Assert.Equal("purchase", funnel.GetProperty("furthestStage").GetString());
        Assert.Equal("2026-03-01T10:00:00.000Z", funnel.GetProperty("firstSeen").GetString());

        var letter = Assert.Single(await server.DeadLettersAsync(), l => l.Contains($"No Id {user}", StringComparison.Ordinal));
        using var stored = JsonDocument.Parse(letter[(letter.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("eventhubs", stored.RootElement.GetProperty("source").GetString());
        var metadata = stored.RootElement.GetProperty("metadata");
        Assert.Equal("touchpoints", metadata.GetProperty("eventHub").GetString());
        Assert.Equal("3", metadata.GetProperty("partitionId").GetString());
        Assert.Equal("103", metadata.GetProperty("sequenceNumber").GetString());
        Assert.Equal("8192", metadata.GetProperty("offset").GetString());
        Assert.Equal("pk2", metadata.GetProperty("partitionKey").GetString());
        Assert.Equal("userId", stored.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.StartsWith("2026/03/01/", letter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WhenBatchReplayed_ThenEverythingIsADuplicateAndJourneyUnchanged()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("replay");
        var json = $$"""
            [
              {"body":{"type":"track","userId":"{{user}}","event":"Product Viewed"},"enqueuedTimeUtc":"2026-03-02T10:00:00Z","sequenceNumber":1},
              {"body":{"type":"track","userId":"{{user}}","event":"Order Completed"},"enqueuedTimeUtc":"2026-03-02T10:00:01Z","sequenceNumber":2}
            ]
            """;
        using var first = await _client.PostAsync("api/eventhubs/touchpoints", new StringContent(json), TestContext.Current.CancellationToken);
        using var before = await _client.JourneyAsync(user);

        // Act
        using var replay = await _client.PostAsync("api/eventhubs/touchpoints", new StringContent(json), TestContext.Current.CancellationToken);

        // Assert
        using var result = JsonDocument.Parse(await replay.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, result.RootElement.GetProperty("applied").GetInt32());
        Assert.Equal(2, result.RootElement.GetProperty("duplicates").GetInt32());
        using var after = await _client.JourneyAsync(user);
        Assert.Equal(before!.RootElement.GetProperty("journeys").GetRawText(), after!.RootElement.GetProperty("journeys").GetRawText());
    }

    [Fact]
    public async Task Post_WhenEnvelopeMalformed_Then400WithFields()
    {
        // Act
        using var response = await _client.PostAsync("api/eventhubs/touchpoints",
            new StringContent("""[{"sequenceNumber":"x"},{"body":"@@","bodyEncoding":"base64"}]"""), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("[0].body", text, StringComparison.Ordinal);
        Assert.Contains("[1].body", text, StringComparison.Ordinal);
    }
}
