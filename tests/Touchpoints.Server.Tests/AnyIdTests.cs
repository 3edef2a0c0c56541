using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// Every id that ingest accepts can be read back and erased through the query-parameter routes, whatever it holds:
/// each character Azure Table keys forbid, the URL's own delimiters, and the longest id allowed.
/// </summary>
public sealed class AnyIdTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var c in "/\\#?%&+= ")
        {
            data.Add($"id{c}x");
        }

        // Table keys forbid U+0000-U+001F and U+007F-U+009F.
        for (var c = 0; c <= 0x9F; c = c == 0x1F ? 0x7F : c + 1)
        {
            data.Add($"ctl{(char)c}x");
        }

        data.Add("a/b?c#d%2Fe\\f\u0000g");
        data.Add(new string('\u00e9', 256));
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task ReadAndErase_WhenTheIdHoldsAnyCharacter_ThenFoundByQueryAndErasedCompletely(string suffix)
    {
        // Arrange
        var user = suffix.Length >= 256 ? suffix : ServerClientExtensions.NewId("any") + suffix;
        var anonymous = "anon" + suffix[..Math.Min(suffix.Length, 200)];
        var json = JsonSerializer.Serialize(new
        {
            batch = new object[]
            {
                new { type = "track", anonymousId = anonymous, @event = "Product Viewed", messageId = "m1-" + Guid.NewGuid().ToString("N") },
                new { type = "identify", anonymousId = anonymous, userId = user, messageId = "m2-" + Guid.NewGuid().ToString("N") },
                new { type = "track", userId = user, @event = "Order Completed", messageId = "m3-" + Guid.NewGuid().ToString("N") },
            },
        });
        using var posted = await _client.SendAsync(ServerFixture.Post("api/v1/batch", json), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // Act
        using var read = await _client.GetAsync($"api/journeys?id={Uri.EscapeDataString(user)}", TestContext.Current.CancellationToken);
        var journey = await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var erased = await _client.DeleteAsync($"api/customers?id={Uri.EscapeDataString(user)}", TestContext.Current.CancellationToken);
        using var readAgain = await _client.GetAsync($"api/journeys?id={Uri.EscapeDataString(user)}", TestContext.Current.CancellationToken);
        using var readAnonymous = await _client.GetAsync($"api/journeys?id={Uri.EscapeDataString(anonymous)}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var document = JsonDocument.Parse(journey);
        Assert.Equal("purchase", document.DefaultFunnel().GetProperty("furthestStage").GetString());
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readAnonymous.StatusCode);
    }

    [Theory]
    [InlineData("api/journeys")]
    [InlineData("api/journeys?id=")]
    [InlineData("api/journeys?id=a&id=b")]
    public async Task Read_WhenTheQueryIdIsMissingOrRepeated_Then400NamingId(string path)
    {
        // Act
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("id", problem.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
