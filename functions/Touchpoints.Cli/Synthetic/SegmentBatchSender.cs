using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Spectre.Console;

namespace Touchpoints.Cli.Synthetic;

/// <summary>
/// Posts messages the way a Segment SDK does: <c>{"batch":[…]}</c> bodies of at most 500 messages and 400 KB to
/// <c>{url}/api/v1/batch</c>, Basic auth with the write key as user name, several batches in flight, retrying
/// throttling and server errors with backoff. No <c>sentAt</c> is sent: the messages are history, and their
/// timestamps are to be taken as they are rather than corrected for clock skew.
/// </summary>
internal sealed class SegmentBatchSender : IDisposable
{
    public const int MaxMessages = 500;
    public const int MaxBytes = 400 * 1024;
    private const int MaxAttempts = 6;

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly int _inFlight;

    public SegmentBatchSender(Uri baseUrl, string writeKey, int inFlight)
    {
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        _endpoint = new Uri(baseUrl, "api/v1/batch");
        _inFlight = inFlight;
    }

    public async Task<(int Messages, int Batches, TimeSpan Elapsed)> SendAsync(IReadOnlyList<GeneratedMessage> messages, CancellationToken cancellationToken)
    {
        var batches = Batch(messages);
        var stopwatch = Stopwatch.StartNew();
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"POST {_endpoint}", maxValue: messages.Count);
                await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = _inFlight, CancellationToken = cancellationToken }, async (batch, token) =>
                {
                    await PostAsync(batch.Body, token).ConfigureAwait(false);
                    task.Increment(batch.Count);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return (messages.Count, batches.Count, stopwatch.Elapsed);
    }

    public void Dispose() => _http.Dispose();

    private static List<(byte[] Body, int Count)> Batch(IReadOnlyList<GeneratedMessage> messages)
    {
        var batches = new List<(byte[], int)>();
        var body = new StringBuilder();
        var count = 0;
        void Flush()
        {
            if (count > 0)
            {
                batches.Add((Encoding.UTF8.GetBytes("{\"batch\":[" + body + "]}"), count));
                body.Clear();
                count = 0;
            }
        }

        foreach (var message in messages)
        {
            if (count == MaxMessages || (count > 0 && Encoding.UTF8.GetByteCount(message.Json) + body.Length + 16 > MaxBytes))
            {
                Flush();
            }

            if (count > 0)
            {
                body.Append(',');
            }

            body.Append(message.Json);
            count++;
        }

        Flush();
        return batches;
    }

    private async Task PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(_endpoint, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var retry = response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (!retry || attempt == MaxAttempts)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException($"POST {_endpoint} answered {(int)response.StatusCode}: {detail}", null, response.StatusCode);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt)), cancellationToken).ConfigureAwait(false);
        }
    }
}
