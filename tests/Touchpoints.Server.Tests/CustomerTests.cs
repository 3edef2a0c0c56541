using System.Net;
using Xunit;

namespace Touchpoints.Server.Tests;

public sealed class CustomerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GetJourney_WhenNothingStored_Then404Problem()
    {
        // Act
        using var response = await _client.GetAsync("api/customers/nobody-here/journey", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetJourney_WhenTimelineLongerThanAPage_ThenContinuesWithPageToken()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("pg");
        var batch = string.Join(',', Enumerable.Range(0, 5).Select(i =>
            $$"""{"type":"track","userId":"{{user}}","event":"Product Viewed","timestamp":"2026-02-0{{i + 1}}T00:00:00Z"}"""));
        using var posted = await _client.SendAsync(ServerFixture.Post("api/v1/batch", $$"""{"batch":[{{batch}}]}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // Act
        using var first = await _client.JourneyAsync(user, "?pageSize=3");
        var token = first!.RootElement.GetProperty("nextPage").GetString();
        using var second = await _client.JourneyAsync(user, $"?pageSize=3&page={Uri.EscapeDataString(token!)}");

        // Assert
        Assert.Equal(3, first.RootElement.GetProperty("timeline").GetArrayLength());
        Assert.Equal(2, second!.RootElement.GetProperty("timeline").GetArrayLength());
        Assert.Equal("2026-02-05T00:00:00.000Z", first.RootElement.GetProperty("timeline")[0].GetProperty("timestamp").GetString());
        Assert.Equal(5, first.DefaultFunnel().GetProperty("touchCount").GetInt64());
    }

    [Fact]
    public async Task GetJourney_WhenPageSizeInvalid_Then400()
    {
        // Act
        using var response = await _client.GetAsync("api/customers/x/journey?pageSize=0", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Delete_WhenStored_ThenErasedAndJourneyGone()
    {
        // Arrange
        var user = ServerClientExtensions.NewId("erase");
        using var posted = await _client.SendAsync(ServerFixture.Post("api/v1/track", $$"""{"userId":"{{user}}","event":"Signed Up"}"""), TestContext.Current.CancellationToken);
        Assert.NotNull(await _client.JourneyAsync(user));

        // Act
        using var erased = await _client.DeleteAsync($"api/customers/{user}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Contains("\"deletedRows\":", await erased.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Null(await _client.JourneyAsync(user));
    }
}
