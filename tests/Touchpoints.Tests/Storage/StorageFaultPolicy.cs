using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// A test-only pipeline policy that makes storage fail on demand: it fails a chosen request before it is sent, or makes
/// Azurite itself reject one entity of a transaction by giving it a string property over the 32K-character limit, which
/// Azurite enforces (400 <c>PropertyValueTooLarge</c>, reported at that entity's index).
/// </summary>
internal sealed class StorageFaultPolicy : HttpPipelinePolicy
{
    private readonly Lock _lock = new();
    private readonly List<string> _poisonedRowKeys = [];
    private Func<string, bool>? _failRequest;
    private int _failuresLeft;
    private int _failureStatus;
    private (string Find, string Replace, int Times)? _rewrite;

    /// <summary>How many requests this policy failed or poisoned.</summary>
    public int Faults { get; private set; }

    /// <summary>Every request seen: method, URI (unescaped) and, for a transaction, its body.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Fails the next <paramref name="times"/> requests whose method, URI and body text match, with the status (no action index).</summary>
    public void FailRequests(Func<string, bool> match, int times = 1, int status = 503)
    {
        lock (_lock)
        {
            _failRequest = match;
            _failuresLeft = times;
            _failureStatus = status;
        }
    }

    /// <summary>Rewrites the next <paramref name="times"/> point reads whose URI holds <paramref name="find"/>: a row seen as missing.</summary>
    public void RewriteReads(string find, string replace, int times)
    {
        lock (_lock)
        {
            _rewrite = (find, replace, times);
        }
    }

    /// <summary>Makes every transaction that carries the row fail at that row, as Azure would for an oversized property.</summary>
    public void PoisonRow(string rowKey)
    {
        lock (_lock)
        {
            _poisonedRowKeys.Add(rowKey);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Prepare(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Prepare(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Prepare(HttpMessage message)
    {
        var body = string.Empty;
        if (message.Request.Content is { } content)
        {
            using var buffer = new MemoryStream();
            content.WriteTo(buffer, message.CancellationToken);
            body = Encoding.UTF8.GetString(buffer.ToArray());
        }

        var text = message.Request.Method + " " + message.Request.Uri + "\n" + body;
        lock (_lock)
        {
            Requests.Add(Uri.UnescapeDataString(message.Request.Method + " " + message.Request.Uri));
            if (_failRequest is not null && _failuresLeft > 0 && _failRequest(text))
            {
                _failuresLeft--;
                Faults++;
                throw new RequestFailedException(_failureStatus, "Injected by the test's fault policy.", _failureStatus == 400 ? "InvalidInput" : "ServerBusy", null);
            }

            var uri = message.Request.Uri.ToString();
            if (_rewrite is { Times: > 0 } rewrite && message.Request.Method == RequestMethod.Get && uri.Contains(rewrite.Find, StringComparison.Ordinal))
            {
                _rewrite = rewrite with { Times = rewrite.Times - 1 };
                message.Request.Uri.Reset(new Uri(uri.Replace(rewrite.Find, rewrite.Replace, StringComparison.Ordinal)));
            }

            var poisoned = body;
            foreach (var rowKey in _poisonedRowKeys)
            {
                var marker = "\"RowKey\":\"" + rowKey + "\"";
                poisoned = poisoned.Replace(marker, marker + ",\"Padding\":\"" + new string('x', 33_000) + "\"", StringComparison.Ordinal);
            }

            if (!string.Equals(poisoned, body, StringComparison.Ordinal))
            {
                Faults++;
                message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(poisoned));
            }
        }
    }
}
