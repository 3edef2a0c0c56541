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
}
