using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// A site on its own loopback origin, so every call it makes to the local server is cross-origin: the test's page at
/// <c>/</c>, a blank page at <c>/gone</c> to navigate away to (which fires <c>pagehide</c>), and scripts shipped in the
/// repository's node_modules at <c>/sdk/{name}</c>, as a site would host an SDK's bundle itself.
/// </summary>
internal sealed class TestPageHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestPageHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The page's address, ending in <c>/</c>.</summary>
    public string Url { get; }

    /// <summary>Starts the host.</summary>
    /// <param name="html">The page at <c>/</c>.</param>
    /// <param name="scripts">Script names under <c>/sdk/</c> and their paths relative to the repository root.</param>
    public static async Task<TestPageHost> StartAsync(string html, IReadOnlyDictionary<string, string>? scripts = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html"));
        app.MapGet("/gone", () => Results.Content("<!doctype html><title>gone</title>", "text/html"));
        foreach (var (name, path) in scripts ?? new Dictionary<string, string>())
        {
            var file = RepositoryPaths.Combine(path.Split('/'));
            Assert.True(File.Exists(file), $"{file} is missing: run 'npm ci' (scripts/setup.sh does).");
            app.MapGet("/sdk/" + name, () => Results.File(file, "text/javascript"));
        }

        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestPageHost(app, address + "/");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
