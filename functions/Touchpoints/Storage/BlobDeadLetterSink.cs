using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;

namespace Touchpoints.Storage;

/// <summary>
/// Writes dead letters as JSON blobs named <c>{yyyy}/{MM}/{dd}/{source}/{HHmmssfff}-{id}.json</c> (by receive time, UTC)
/// holding the reason, the field errors, the metadata and the body (as text when it is UTF-8, else base64), with blob index
/// tags of hashed customer keys (<see cref="DeadLetterTags"/>) so that an erasure finds the letters of a customer.
/// </summary>
public sealed class BlobDeadLetterSink : IDeadLetterSink
{
    private readonly BlobContainerClient _container;
    private readonly CreateOnce _created;
    private readonly ILogger<BlobDeadLetterSink> _logger;
    private readonly IpAddressHandling _ipAddresses;

    /// <summary>Creates the sink over a container (created on first use, and tried again after a failed attempt).</summary>
    /// <param name="container">The dead-letter container.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="ipAddresses">What happens to IP addresses in a body before it is stored (default: truncated).</param>
    public BlobDeadLetterSink(BlobContainerClient container, ILogger<BlobDeadLetterSink>? logger = null, IpAddressHandling ipAddresses = IpAddressHandling.Truncate)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        _ipAddresses = ipAddresses;
        _created = new CreateOnce(async token => await container.CreateIfNotExistsAsync(cancellationToken: token).ConfigureAwait(false));
        _logger = logger ?? NullLogger<BlobDeadLetterSink>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<string> WriteAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var at = letter.ReceivedAt.UtcDateTime;
        var source = new string(letter.Source.Where(static c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
        var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{at:yyyy}/{at:MM}/{at:dd}/{(source.Length == 0 ? "unknown" : source)}/{at:HHmmssfff}-{Guid.NewGuid():N}.json");

        var tags = DeadLetterTags.For(letter);
        var content = Serialize(letter with { Body = IpAddressMasking.Apply(letter.Body, _ipAddresses) });
        try
        {
            await _container.GetBlobClient(name).UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Tags = tags.Count == 0 ? null : tags },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Created once per process, but gone now: the caller's retry creates it again instead of failing forever.
            _created.Forget();
            throw;
        }
        _logger.DeadLettered(letter.Source, name, letter.Reason);
        return name;
    }

    private static byte[] Serialize(DeadLetter letter)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("source", letter.Source);
            writer.WriteString("reason", letter.Reason);
            writer.WriteString("receivedAt", letter.ReceivedAt.UtcDateTime);
            writer.WriteStartArray("errors");
            foreach (var error in letter.Errors)
            {
                writer.WriteStartObject();
                writer.WriteString("field", error.Field);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in letter.Metadata.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            if (IsUtf8(letter.Body.Span, out var text))
            {
                writer.WriteString("bodyEncoding", "utf-8");
                writer.WriteString("body", text);
            }
            else
            {
                writer.WriteString("bodyEncoding", "base64");
                writer.WriteBase64String("body", letter.Body.Span);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static bool IsUtf8(ReadOnlySpan<byte> body, out string text)
    {
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }
}
