using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Touchpoints.Benchmarks.Results;
using Touchpoints.Benchmarks.Running;
using Touchpoints.Benchmarks.Workloads;
using Touchpoints.Server;
using Touchpoints.Testing;

namespace Touchpoints.Benchmarks.Http;

/// <summary>
/// Case 4: the pixel and the JSON batch route of the local server under a fixed number of concurrent connections,
/// each against a bare endpoint on the same server that answers the same way without touching storage.
/// </summary>
internal static class HttpBenchmark
{
    private const string WriteKey = "bench-write-key";

    private const int WarmupRequests = 256;

    public static async Task RunAsync(AzuriteServer azurite, BenchSettings settings, ResultTable results, CancellationToken cancellationToken)
    {
        await using var app = TouchpointServer.Build(
            ["--urls", "http://127.0.0.1:0"],
            configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Touchpoints:TableName"] = "http",
                ["Touchpoints:BucketCount"] = settings.Buckets.ToString(CultureInfo.InvariantCulture),
                ["Touchpoints:FunnelPath"] = RepositoryPaths.Combine("funnels", "default.json"),
                ["Touchpoints:WriteKeys:bench"] = WriteKey,
            }),
            static logging => logging.SetMinimumLevel(LogLevel.Warning));
        app.MapBareEndpoints();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var load = new LoadGenerator(settings.HttpConnections);

        var pixels = PixelUrls(address, settings.HttpRequests + WarmupRequests);
        var batchRequests = Math.Max(WarmupRequests, settings.HttpRequests / 4);
        var bodies = BatchBodies(batchRequests + WarmupRequests, settings.HttpBatchMessages);
        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        var bare = new Uri(address + BareEndpoints.Gif);

        Console.WriteLine($"http: {settings.HttpRequests:N0} pixel requests and {batchRequests:N0} batches of {settings.HttpBatchMessages}, {settings.HttpConnections} connections");
        await load.RunAsync(WarmupRequests, i => new HttpRequestMessage(HttpMethod.Get, bare), cancellationToken).ConfigureAwait(false);
        await load.RunAsync(WarmupRequests, i => new HttpRequestMessage(HttpMethod.Get, pixels[settings.HttpRequests + i]), cancellationToken).ConfigureAwait(false);
        var bareGif = await load.RunAsync(settings.HttpRequests, i => new HttpRequestMessage(HttpMethod.Get, bare), cancellationToken).ConfigureAwait(false);
        var pixel = await load.RunAsync(settings.HttpRequests, i => new HttpRequestMessage(HttpMethod.Get, pixels[i]), cancellationToken).ConfigureAwait(false);
        results.Add(BenchCase.Rate("http-pixel", pixel.RequestsPerSecond, "requests/s", "bare GIF endpoint on the same server", bareGif.RequestsPerSecond, 0.5,
            $"{settings.HttpConnections} connections; pixel {pixel.Latencies}; bare {bareGif.Latencies}"));

        HttpRequestMessage Post(string path, byte[] body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, address + path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = auth;
            return request;
        }

        await load.RunAsync(WarmupRequests, i => Post(BareEndpoints.Batch, bodies[batchRequests + i]), cancellationToken).ConfigureAwait(false);
        await load.RunAsync(WarmupRequests, i => Post("/api/v1/batch", bodies[batchRequests + i]), cancellationToken).ConfigureAwait(false);
        var bareBatch = await load.RunAsync(batchRequests, i => Post(BareEndpoints.Batch, bodies[i]), cancellationToken).ConfigureAwait(false);
        var batch = await load.RunAsync(batchRequests, i => Post("/api/v1/batch", bodies[i]), cancellationToken).ConfigureAwait(false);
        results.Add(BenchCase.Rate("http-batch", batch.RequestsPerSecond, "requests/s", "bare endpoint reading the same body", bareBatch.RequestsPerSecond, null,
            string.Create(CultureInfo.InvariantCulture,
                $"{settings.HttpBatchMessages} messages a request, {batch.RequestsPerSecond * settings.HttpBatchMessages:N0} touchpoints/s; batch {batch.Latencies}; bare {bareBatch.Latencies}")));
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Uri[] PixelUrls(string address, int count)
    {
        var workload = Workload.Create(count, 20_000, seed: 21, prefix: "px");
        return workload.Touchpoints.Select(t => new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{address}/api/t.gif?t={(t.Type == Touchpoints.Ingest.TouchpointType.Page ? "page" : "track")}&e={Uri.EscapeDataString(t.Event ?? "Home")}&uid={t.UserId}&mid={t.MessageId}&ch={t.Channel}"))).ToArray();
    }

    private static byte[][] BatchBodies(int count, int messages)
    {
        var workload = Workload.Create(count * messages, 20_000, seed: 22, prefix: "hb");
        var bodies = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            using var body = new MemoryStream();
            body.Write("""{"batch":["""u8);
            for (var m = 0; m < messages; m++)
            {
                if (m > 0)
                {
                    body.WriteByte((byte)',');
                }

                body.Write(workload.Messages[(i * messages) + m]);
            }

            body.Write("]}"u8);
            bodies[i] = body.ToArray();
        }

        return bodies;
    }
}
