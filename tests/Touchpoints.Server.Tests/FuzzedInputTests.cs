using System.Diagnostics;
using System.Net;
using System.Text;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// A seeded fuzz of the ingest routes: valid messages mutated in bytes, types, nesting, sizes and encodings. Whatever
/// arrives, the server answers without a 5xx (the pixel with its GIF), a rejected message writes nothing, and the
/// server keeps answering. Bounded in count and time; the seed is printed so a failure can be replayed.
/// </summary>
public sealed class FuzzedInputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int Seed = 20261130;
    private const int Cases = 300;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task IngestRoutes_WhenMessagesAreMutated_ThenNo5xxRejectedWritesNothingAndTheServerKeepsAnswering()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var rejected = 0;
        var accepted = 0;
        for (var i = 0; i < Cases && clock.Elapsed < Budget; i++)
        {
            // Arrange
            var user = ServerClientExtensions.NewId("fz");
            var valid = ValidMessage(random, user);
            var (mutation, body) = Mutate(random, valid);
            var route = random.Next(3) switch { 0 => "api/v1/track", 1 => "api/v1/batch", _ => "api/v1/page" };
            if (route == "api/v1/batch" && random.Next(2) == 0)
            {
                body = [.. "{\"batch\":["u8, .. body, .. "]}"u8];
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ServerFixtureBase.WriteKey + ":")));

            // Act
            using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

            // Assert
            var context = $"seed {Seed}, case {i}, {mutation}, {route}: {(int)response.StatusCode}";
            Assert.True((int)response.StatusCode < 500, context);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                accepted++;
            }
            else
            {
                rejected++;
                Assert.True(await _client.JourneyAsync(user) is null, $"{context}: a rejected message left a journey");
            }

            using var pixel = await _client.GetAsync($"api/t.gif?uid={Uri.EscapeDataString(user)}&e={Uri.EscapeDataString(Encoding.Latin1.GetString(body[..Math.Min(body.Length, 64)]))}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, pixel.StatusCode);
            Assert.Equal("image/gif", pixel.Content.Headers.ContentType?.MediaType);
        }

        using var health = await _client.GetAsync("api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(rejected > 0 && accepted > 0, $"the fuzz should both pass and break messages (accepted {accepted}, rejected {rejected})");
    }

    private static string ValidMessage(Random random, string user) => random.Next(3) switch
    {
        0 => """{"type":"track","userId":"USER","event":"Order Completed","properties":{"revenue":19.9,"items":[{"sku":"a-1","qty":2}],"nps":9},"context":{"page":{"url":"https://shop.example/p?utm_source=x"}}}""".Replace("USER", user, StringComparison.Ordinal),
        1 => """{"type":"page","userId":"USER","name":"Pricing","properties":{"title":"Тарифы ✓ 🚀"},"timestamp":"2026-03-01T10:00:00Z"}""".Replace("USER", user, StringComparison.Ordinal),
        _ => """{"type":"identify","userId":"USER","anonymousId":"anon-USER","traits":{"segment":"smb","plan":"pro"}}""".Replace("USER", user, StringComparison.Ordinal),
    };

    private static (string Mutation, byte[] Body) Mutate(Random random, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        switch (random.Next(12))
        {
            case 0:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("flip a byte", bytes);
            case 1:
                var at = random.Next(bytes.Length);
                return ("insert invalid UTF-8", [.. bytes[..at], .. new byte[] { 0xC0, 0xAF, 0xFF, 0xED, 0xA0, 0x80 }.AsSpan(0, 1 + random.Next(6)), .. bytes[at..]]);
            case 2:
                var start = random.Next(bytes.Length);
                return ("cut a range", [.. bytes[..start], .. bytes[Math.Min(bytes.Length, start + 1 + random.Next(20))..]]);
            case 3:
                return ("truncate", bytes[..random.Next(bytes.Length)]);
            case 4:
                return ("retype a value", Encoding.UTF8.GetBytes(json.Replace("\"Order Completed\"", Pick(random, "12", "null", "[]", "{}", "true", "\"\""), StringComparison.Ordinal)
                    .Replace("\"Pricing\"", Pick(random, "1e308", "[[[]]]", "{\"a\":1}", "false"), StringComparison.Ordinal)
                    .Replace("\"smb\"", Pick(random, "-0", "{\"deep\":[1,2]}", "\"\\u0000\""), StringComparison.Ordinal)));
            case 5:
                var depth = 20 + random.Next(200);
                return ($"nest {depth} deep", Encoding.UTF8.GetBytes(json.Replace("\"plan\":\"pro\"", "\"plan\":" + new string('[', depth) + new string(']', depth), StringComparison.Ordinal)
                    .Replace("\"revenue\":19.9", "\"revenue\":" + new string('[', depth) + new string(']', depth), StringComparison.Ordinal)));
            case 6:
                return ("oversize a string", Encoding.UTF8.GetBytes(json.Replace("Pricing", new string('é', 17_000 + random.Next(20_000)), StringComparison.Ordinal)
                    .Replace("Order Completed", new string('x', 30_000 + random.Next(10_000)), StringComparison.Ordinal)));
            case 7:
                return ("UTF-16 body", Encoding.Unicode.GetBytes(json));
            case 8:
                return ("lone surrogate escape", Encoding.UTF8.GetBytes(json.Replace("✓", "\\ud83d", StringComparison.Ordinal).Replace("smb", "\\udc00x", StringComparison.Ordinal).Replace("19.9", "\"\\ud800\"", StringComparison.Ordinal)));
            case 9:
                return ("two values", Encoding.UTF8.GetBytes(json + json));
            case 10:
                return ("duplicate keys", Encoding.UTF8.GetBytes(json.Replace("{\"type\":", "{\"userId\":7,\"type\":", StringComparison.Ordinal)));
            default:
                return ("unchanged", bytes);
        }
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];
}
