using System.Security.Cryptography;
using System.Text;

namespace Touchpoints.Ingest;

/// <summary>
/// The message id of a pixel hit that carries none (<c>mid</c>, or <c>messageId</c> in Segment's data): a hash of the
/// hit's exact query string and the <see cref="Window"/> it arrived in.
/// </summary>
/// <remarks>
/// A retry repeats a request byte for byte within seconds, so it gets the same id and is dropped as a duplicate. A
/// genuine second view is a new request: with the cache-buster every pixel snippet adds (any parameter the decoder
/// does not read, such as <c>cb=</c> or <c>_=</c>) its query differs and it counts; without one, it counts when it
/// arrives in a later window. Two identical hits without a cache-buster inside one window count once, and a retry
/// that crosses a window boundary counts twice: send <c>mid</c> for exact counting.
/// </remarks>
public static class PixelHitId
{
    /// <summary>How long identical hits without a message id are taken for retries of one request.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    /// <summary>The id of a hit.</summary>
    /// <param name="query">The request's query string exactly as sent (with its leading <c>?</c>, or empty).</param>
    /// <param name="receivedAt">When the hit arrived.</param>
    public static string Create(string? query, DateTimeOffset receivedAt)
    {
        var window = receivedAt.ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{window}|{query}"), hash);
        return "px-" + Convert.ToHexStringLower(hash[..16]);
    }
}
