using System.Diagnostics;

namespace Touchpoints.Benchmarks.Http;

/// <summary>
/// A bounded, closed-loop load generator on loopback: a fixed number of connections, each sending its next request as
/// soon as the previous one is answered, until every request has been sent once.
/// </summary>
internal sealed class LoadGenerator(int connections) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<LoadResult> RunAsync(int requests, Func<int, HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var latencies = new double[requests];
        var failures = 0;
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(
            async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
                {
                    using var request = createRequest(i);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            },
            cancellationToken))).ConfigureAwait(false);
        watch.Stop();
        Array.Sort(latencies);
        return new LoadResult(requests, watch.Elapsed, latencies, failures);
    }

    public void Dispose() => _client.Dispose();
}
