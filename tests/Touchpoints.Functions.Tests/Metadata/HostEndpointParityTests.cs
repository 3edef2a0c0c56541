using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Touchpoints.Hosting;
using Touchpoints.Server;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Functions.Tests.Metadata;

/// <summary>
/// The two hosts serve the same HTTP endpoints: every HTTP function the generator wrote into <c>functions.metadata</c>
/// is an endpoint of the local server with the same name, route, method and privilege, and the server has no other
/// endpoint than those and its own <see cref="TouchpointHttpEndpoints.LocalOnly"/> ones.
/// </summary>
public sealed class HostEndpointParityTests : IAsyncLifetime
{
    private const string AdminKey = "parity-admin-key";
    private const string WriteKey = "parity-write-key";

    private readonly GeneratedFunctionMetadata _metadata = GeneratedFunctionMetadata.Load();
    private AzuriteServer? _azurite;
    private WebApplication? _server;
    private HttpClient? _client;

    public async ValueTask InitializeAsync()
    {
        // Anonymous endpoints run their handlers (a bare pixel hit is dead-lettered), so they get a real storage account.
        _azurite = await AzuriteServer.StartAsync();
        _server = TouchpointServer.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Touchpoints:TableName"] = AzuriteServer.UniqueTableName("parity"),
            ["Touchpoints:WriteKeys:test"] = WriteKey,
            ["Touchpoints:AdminKey"] = AdminKey,
            ["Touchpoints:Snapshots:Schedule"] = "0 0 0 1 1 *",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public void ServerEndpoints_WhenMapped_ThenTheGeneratedHttpFunctionsWithSameRouteAndMethodPlusLocalOnes()
    {
        // Arrange
        var generated = _metadata.HttpFunctions().Select(name =>
        {
            var trigger = _metadata.Trigger(name);
            var method = trigger.GetProperty("methods").EnumerateArray().Single().GetString()!.ToUpperInvariant();
            return $"{name} {method} /{TouchpointRoutes.Prefix}/{trigger.GetProperty("route").GetString()}";
        });
        var localOnly = TouchpointHttpEndpoints.LocalOnly.Select(static e => $"{e.FunctionName} {e.Method} /{TouchpointRoutes.Prefix}/{e.Route}");

        // Act
        var mapped = ServerEndpoints().Select(static e =>
            $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName} {string.Join(',', e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)} {e.RoutePattern.RawText}");

        // Assert
        Assert.Equal(generated.Concat(localOnly).Order(StringComparer.Ordinal), mapped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ServerEndpoints_WhenCalledWithoutTheAdminKey_ThenRefusedExactlyWhereTheFunctionNeedsAFunctionKey()
    {
        foreach (var name in _metadata.HttpFunctions())
        {
            // Arrange
            var trigger = _metadata.Trigger(name);
            var method = new HttpMethod(trigger.GetProperty("methods").EnumerateArray().Single().GetString()!.ToUpperInvariant());
            var path = Concrete(trigger.GetProperty("route").GetString()!);
            using var request = new HttpRequestMessage(method, $"{TouchpointRoutes.Prefix}/{path}");
            request.Headers.Add("Origin", "https://shop.example");
            request.Headers.Add("Access-Control-Request-Method", "POST");

            // The write key is the API's own credential, not a privilege: with it, only the admin key can still be missing.
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));

            // Act
            using var response = await _client!.SendAsync(request, TestContext.Current.CancellationToken);

            // Assert
            var needsKey = trigger.GetProperty("authLevel").GetString() != "Anonymous";
            Assert.True(needsKey == (response.StatusCode == HttpStatusCode.Unauthorized), $"{name}: {(int)response.StatusCode} without the admin key; the function's authLevel is {trigger.GetProperty("authLevel").GetString()}.");
        }
    }

    /// <summary>Every path form of Segment's HTTP API: the full names and the one-letter paths of its browser SDK.</summary>
    public static TheoryData<string> SegmentApiPaths { get; } =
        ["track", "page", "screen", "identify", "alias", "group", "batch", "t", "p", "s", "i", "a", "g", "b"];

    [Theory]
    [MemberData(nameof(SegmentApiPaths))]
    public async Task SegmentApiPath_WhenRoutedByBothHosts_ThenTheTrackingApiAndItsPreflightServeIt(string path)
    {
        // Arrange: a body with no id reaches validation (400) only if the handler took the path; it refuses an unknown one with 404.
        var route = $"v1/{path}";
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{TouchpointRoutes.Prefix}/{route}") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        post.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{TouchpointRoutes.Prefix}/{route}");
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        // Act
        var generatedPost = GeneratedFunctionsMatching("post", route);
        var generatedPreflight = GeneratedFunctionsMatching("options", route);
        using var posted = await _client!.SendAsync(post, TestContext.Current.CancellationToken);
        using var preflighted = await _client.SendAsync(preflight, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([TouchpointFunctionNames.TrackingApi], generatedPost);
        Assert.Equal([TouchpointFunctionNames.TrackingApiPreflight], generatedPreflight);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, preflighted.StatusCode);
    }

    private List<string> GeneratedFunctionsMatching(string method, string path) =>
        _metadata.HttpFunctions().Where(name =>
        {
            var trigger = _metadata.Trigger(name);
            var matcher = new TemplateMatcher(TemplateParser.Parse(trigger.GetProperty("route").GetString()!), new RouteValueDictionary());
            return trigger.GetProperty("methods").EnumerateArray().Any(m => m.GetString() == method)
                && matcher.TryMatch("/" + path, new RouteValueDictionary());
        }).ToList();

    private List<RouteEndpoint> ServerEndpoints() =>
        ((IEndpointRouteBuilder)_server!).DataSources.SelectMany(static source => source.Endpoints).OfType<RouteEndpoint>().ToList();

    private static string Concrete(string route) =>
        route.Replace("{type}", "track", StringComparison.Ordinal)
            .Replace("{id}", "someone", StringComparison.Ordinal)
            .Replace("{funnel}", "default", StringComparison.Ordinal)
            .Replace("{date}", "2026-11-01", StringComparison.Ordinal);
}
