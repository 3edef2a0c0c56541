using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// Forwards a client's request to the worker's own HTTP endpoint the way the host's proxy does for a worker that
/// declared <c>HttpUri</c> (host <c>DefaultHttpProxyService</c> over YARP's forwarder): same method, path, query,
/// headers and body, the invocation id in <c>x-ms-invocation-id</c>, the client's address, scheme and host in
/// <c>X-Forwarded-For/Proto/Host</c> (which the worker's <c>UseForwardedHeaders</c> applies), no redirects or cookies
/// handled on the way, and a retry while the worker's port refuses connections (the host's <c>RetryProxyHandler</c>).
/// </summary>
internal sealed class HttpRequestForwarder : IDisposable
{
    /// <summary>The header the worker's coordinator pairs the request with the invocation by.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private const int MaxConnectAttempts = 10;

    // Headers of one hop, never forwarded; Host is replaced by the destination's, as YARP does by default.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    /// <summary>Sends the request to <paramref name="workerUri"/> and reads the whole answer.</summary>
    public async Task<ForwardedResponse> ForwardAsync(Uri workerUri, ClientHttpRequest request, string invocationId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = CreateMessage(workerUri, request, invocationId);
            try
            {
                using var response = await _invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var header in response.Headers.Concat(response.Content.Headers))
                {
                    headers[header.Key] = string.Join(", ", header.Value);
                }

                return new ForwardedResponse(response.StatusCode, headers, body);
            }
            catch (HttpRequestException ex) when (attempt < MaxConnectAttempts && ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _invoker.Dispose();

    private static HttpRequestMessage CreateMessage(Uri workerUri, ClientHttpRequest request, string invocationId)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(workerUri, request.Url.PathAndQuery))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Headers.TryAddWithoutValidation("X-Forwarded-For", request.ClientAddress);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Url.Scheme);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Url.Authority);
        message.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        return message;
    }
}
