using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Server.Tests;

/// <summary>
/// A real Azurite and the local server on a free loopback port, with this class's own table and containers. Tests
/// talk to it over a socket, exactly as a browser or an SDK would.
/// </summary>
public abstract class ServerFixtureBase : IAsyncLifetime
{
    public const string WriteKey = "test-write-key";

    private AzuriteServer? _azurite;
    private WebApplication? _app;

    public AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("Not started.");

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string TableName { get; } = AzuriteServer.UniqueTableName("srv");

    public string DeadLetterContainer { get; } = AzuriteServer.UniqueContainerName("dl");

    public HttpClient Client { get; private set; } = new();

    /// <summary>The user agent <see cref="Client"/> sends: an ordinary desktop Chrome.</summary>
    public const string BrowserUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    /// <summary>The one origin allowed to call the browser paths cross-origin (<c>*</c> for any).</summary>
    protected abstract string CorsOrigin { get; }

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Touchpoints:TableName"] = TableName,
            ["Touchpoints:DeadLetterContainer"] = DeadLetterContainer,
            ["Touchpoints:SnapshotContainer"] = AzuriteServer.UniqueContainerName("snap"),
            ["Touchpoints:WriteKeys:test"] = WriteKey,
            ["Touchpoints:CorsOrigins:0"] = CorsOrigin,
            ["Touchpoints:Storage:EnforceAzureLimits"] = "true",
            ["Logging:LogLevel:Default"] = MinimumLogLevel,
        };
        AddSettings(settings);
        _app = TouchpointServer.Build([], configuration => configuration.AddInMemoryCollection(settings), ConfigureLogging);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        Client = new HttpClient(new HttpClientHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = BaseAddress };

        // A person's browser: the pixel filters a request without a user agent as a bot's (Touchpoints:BotFilter).
        Client.DefaultRequestHeaders.UserAgent.ParseAdd(BrowserUserAgent);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>The server's default log level (the server's own category filters still apply).</summary>
    protected virtual string MinimumLogLevel => "Warning";

    /// <summary>Adds or replaces server settings (a fixture that moves the routes adds its own).</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Adds logging providers to the server (a fixture that reads the logs adds its own).</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging)
    {
    }

    /// <summary>A request with the test write key as Basic auth user name, as Segment's SDKs send it.</summary>
    public static HttpRequestMessage Post(string path, string json, string? writeKey = WriteKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        if (writeKey is not null)
        {
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        }

        return request;
    }

    /// <summary>Every dead letter written so far, as JSON text.</summary>
    public async Task<IReadOnlyList<string>> DeadLettersAsync()
    {
        var container = Azurite.CreateBlobServiceClient().GetBlobContainerClient(DeadLetterContainer);
        var letters = new List<string>();
        if (!await container.ExistsAsync())
        {
            return letters;
        }

        await foreach (var blob in container.GetBlobsAsync())
        {
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync();
            letters.Add(blob.Name + "\n" + content.Value.Content.ToString());
        }

        return letters;
    }
}
