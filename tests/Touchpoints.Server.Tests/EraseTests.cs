using System.Net;
using Azure.Data.Tables;
using Touchpoints.Storage;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>Erasure erases exactly what a read of the id shows, through identity links in both directions.</summary>
public sealed class EraseTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Delete_WhenTheIdIsEitherSideOfALink_ThenEveryLinkedIdReadsNothingAndNoRowHoldsThem(bool eraseTheDevice)
    {
        // Arrange: a device browses, identifies as a user, a second device of the same user too, and the user buys.
        var user = ServerClientExtensions.NewId("er-user");
        var device = ServerClientExtensions.NewId("er-dev");
        var otherDevice = ServerClientExtensions.NewId("er-dev2");
        var batch = $$"""
            {"batch":[
              {"type":"page","anonymousId":"{{device}}","name":"Home","timestamp":"2026-03-01T10:00:00Z"},
              {"type":"identify","anonymousId":"{{device}}","userId":"{{user}}","timestamp":"2026-03-01T10:01:00Z"},
              {"type":"page","anonymousId":"{{otherDevice}}","name":"Pricing","timestamp":"2026-03-02T10:00:00Z"},
              {"type":"identify","anonymousId":"{{otherDevice}}","userId":"{{user}}","timestamp":"2026-03-02T10:01:00Z"},
              {"type":"track","userId":"{{user}}","event":"Order Completed","timestamp":"2026-03-03T10:00:00Z"}
            ]}
            """;
        using var posted = await _client.SendAsync(ServerFixture.Post("api/v1/batch", batch), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var before = await _client.JourneyAsync(device);
        Assert.Equal(user, before!.RootElement.GetProperty("resolvedCustomerId").GetString());

        // Act
        using var erased = await _client.DeleteAsync($"api/customers?id={Uri.EscapeDataString(eraseTheDevice ? device : user)}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        foreach (var id in new[] { user, device, otherDevice })
        {
            Assert.Null(await _client.JourneyAsync(id));
        }

        var table = server.Azurite.CreateTableServiceClient().GetTableClient(server.TableName);
        var keys = new[] { user, device, otherDevice }.SelectMany(static id => new[] { TableKeys.Customer(id, false), TableKeys.Customer(id, true) }).ToList();
        var left = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
        {
            if (keys.Any(k => row.RowKey.Contains(k, StringComparison.Ordinal)))
            {
                left.Add(row.RowKey);
            }
        }

        Assert.Empty(left);
    }

    [Fact]
    public async Task Delete_WhenADeadLetterNamesALinkedId_ThenItIsDeletedAndCounted()
    {
        // Arrange: a device linked to a user; a malformed pixel of the device is dead-lettered (a gif is still answered).
        var user = ServerClientExtensions.NewId("er-dl-user");
        var device = ServerClientExtensions.NewId("er-dl-dev");
        var batch = $$"""{"batch":[{"type":"identify","anonymousId":"{{device}}","userId":"{{user}}","timestamp":"2026-03-01T10:01:00Z"}]}""";
        using var posted = await _client.SendAsync(ServerFixture.Post("api/v1/batch", batch), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var pixel = await _client.GetAsync($"api/t.gif?aid={device}&t=bogus&e=x", TestContext.Current.CancellationToken);
        Assert.Contains(await server.DeadLettersAsync(), l => l.Contains(device, StringComparison.Ordinal));

        // Act
        using var erased = await _client.DeleteAsync($"api/customers?id={Uri.EscapeDataString(user)}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await erased.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, body.RootElement.GetProperty("deadLetters").GetInt32());
        Assert.DoesNotContain(await server.DeadLettersAsync(), l => l.Contains(device, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_WithSuppress_ThenLaterTouchpointsOfTheIdAndItsDeviceAreRefusedUntilLifted()
    {
        // Arrange: a user with a linked device.
        var token = TestContext.Current.CancellationToken;
        var user = ServerClientExtensions.NewId("sup-user");
        var device = ServerClientExtensions.NewId("sup-dev");
        var history = $$"""
            {"batch":[
              {"type":"page","anonymousId":"{{device}}","name":"Home","timestamp":"2026-03-01T10:00:00Z"},
              {"type":"identify","anonymousId":"{{device}}","userId":"{{user}}","timestamp":"2026-03-01T10:01:00Z"}
            ]}
            """;
        using (var posted = await _client.SendAsync(ServerFixture.Post("api/v1/batch", history), token))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        // Act: erase with suppression, then the user and the device send again.
        using var erased = await _client.DeleteAsync($"api/customers?id={Uri.EscapeDataString(user)}&suppress=true", token);
        var answer = await erased.Content.ReadAsStringAsync(token);
        var later = $$"""
            {"batch":[
              {"type":"track","userId":"{{user}}","event":"Order Completed","timestamp":"2026-03-02T10:00:00Z"},
              {"type":"page","anonymousId":"{{device}}","name":"Pricing","timestamp":"2026-03-02T10:01:00Z"}
            ]}
            """;
        using var refused = await _client.SendAsync(ServerFixture.Post("api/v1/batch", later), token);

        // Assert: answered as accepted, stored nowhere; the tombstones hold hashes, not the ids.
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Contains("\"suppressed\":true", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Null(await _client.JourneyAsync(user));
        Assert.Null(await _client.JourneyAsync(device));
        var table = server.Azurite.CreateTableServiceClient().GetTableClient(server.TableName);
        var tombstones = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == SuppressionList.Partition, cancellationToken: token))
        {
            tombstones.Add(row);
        }

        Assert.Contains(tombstones, static t => t.RowKey.Length == 64);
        Assert.DoesNotContain(tombstones, t => t.RowKey.Contains(user, StringComparison.Ordinal) || t.Any(p => p.Value?.ToString()?.Contains(user, StringComparison.Ordinal) == true));

        // Act again: lift the user's suppression; the user's touchpoints are taken again, the device's still refused.
        using var lifted = await _client.DeleteAsync($"api/suppressions?id={Uri.EscapeDataString(user)}", token);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Contains("\"lifted\":true", await lifted.Content.ReadAsStringAsync(token), StringComparison.Ordinal);
        using (var again = await _client.SendAsync(ServerFixture.Post("api/v1/batch", later), token))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        Assert.Equal(1, journey!.RootElement.GetProperty("journeys")[0].GetProperty("touchCount").GetInt32());
        Assert.Null(await _client.JourneyAsync(device));
    }

    [Fact]
    public async Task Delete_WhenSuppressIsNotTrueOrFalse_ThenBadRequestNamingItAndNothingErased()
    {
        var token = TestContext.Current.CancellationToken;
        var user = ServerClientExtensions.NewId("sup-bad");
        using (var posted = await _client.SendAsync(ServerFixture.Post("api/v1/track", $$"""{"userId":"{{user}}","event":"Product Viewed"}"""), token))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        using var erased = await _client.DeleteAsync($"api/customers?id={Uri.EscapeDataString(user)}&suppress=yes", token);

        Assert.Equal(HttpStatusCode.BadRequest, erased.StatusCode);
        Assert.Contains("suppress", await erased.Content.ReadAsStringAsync(token), StringComparison.Ordinal);
        Assert.NotNull(await _client.JourneyAsync(user));
    }
}
