using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Touchpoints.Storage.Rules;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// A message the API accepts (up to 32 KiB in any script) is stored and read back intact on storage held to Azure's
/// limits: a 22 KB Russian review once got a 500 (PropertyValueTooLarge) because its stored body escaped every letter.
/// </summary>
public sealed class LargeMessageTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    public static TheoryData<string, string> Texts => new()
    {
        // 11,000 Cyrillic letters: 22,000 UTF-8 bytes.
        { "cyrillic", new string(Enumerable.Range(0, 11_000).Select(static i => (char)('а' + (i % 32))).ToArray()) },
        // 8,000 emoji: 32,000 UTF-8 bytes, just under the 32 KiB message limit with the envelope.
        { "emoji", string.Concat(Enumerable.Repeat("🎉", 8_000)) },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task PostTrack_WhenTheMessageIsLargeNonAsciiText_ThenItIsAcceptedAndReadBackIntact(string script, string text)
    {
        // Arrange
        var user = ServerClientExtensions.NewId("u-" + script);
        var json = $$$"""{"userId":"{{{user}}}","event":"Review Written","timestamp":"2026-01-02T10:00:00Z","properties":{"text":"{{{text}}}"}}""";

        // Act
        using var response = await _client.SendAsync(ServerFixture.Post("api/v1/track", json), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var journey = await _client.JourneyAsync(user);
        Assert.NotNull(journey);
        var stored = Assert.Single(journey.RootElement.GetProperty("timeline").EnumerateArray());
        Assert.Equal(text, stored.GetProperty("properties").GetProperty("text").GetString());
        Assert.True(server.Services.GetRequiredService<AzureStorageRules>().Counts.Transactions > 0, "the server's storage is held to Azure's limits");
    }
}
