using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Touchpoints.Hosting;

/// <summary>
/// Reads a request body whatever its content type (a beacon sends JSON as <c>text/plain</c>), inflating
/// <c>Content-Encoding: gzip</c>, and never buffering more than the limit: a body over it is refused before it is
/// read in full, compressed or not, so a small gzip bomb cannot take memory.
/// </summary>
internal static class RequestBodyReader
{
    public static async Task<BodyReadResult> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return new([], BodyReadStatus.TooLarge, $"the body is {request.ContentLength} bytes; the limit is {limit}");
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return new([], BodyReadStatus.UnsupportedEncoding, $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding");
        }

        // The compressed read is limited too: what arrives is never more than the limit, whatever it inflates to.
        var (raw, rawOver) = await ReadCappedAsync(request.Body, limit, cancellationToken).ConfigureAwait(false);
        if (rawOver)
        {
            return new([], BodyReadStatus.TooLarge, $"the body is over {limit} bytes");
        }

        if (!gzip)
        {
            return new(raw, BodyReadStatus.Ok);
        }

        try
        {
            using var inflater = new GZipStream(new MemoryStream(raw, writable: false), CompressionMode.Decompress);
            var (inflated, over) = await ReadCappedAsync(inflater, limit, cancellationToken).ConfigureAwait(false);
            return over
                ? new([], BodyReadStatus.TooLarge, $"the body is over {limit} bytes after decompression")
                : new(inflated, BodyReadStatus.Ok);
        }
        catch (InvalidDataException)
        {
            return new([], BodyReadStatus.Malformed, "the body is not valid gzip");
        }
    }

    private static async Task<(byte[] Bytes, bool Over)> ReadCappedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer.ToArray(), false);
            }

            if (buffer.Length + read > limit)
            {
                return ([], true);
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
