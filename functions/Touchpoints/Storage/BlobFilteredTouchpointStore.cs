using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Touchpoints.Ingest;

namespace Touchpoints.Storage;

/// <summary>
/// Keeps filtered touchpoints as JSON blobs named <c>{yyyy}/{MM}/{dd}/{reason}/{HHmmssfff}-{id}.json</c> (by receive time,
/// UTC), holding the source, reason, count, user agent, metadata and the body with its IP addresses handled as configured
/// (truncated by default, as dead letters are). The count is also the blob's <c>touchpoints</c> metadata, so a day is
/// counted from a listing without reading a blob.
/// </summary>
public sealed class BlobFilteredTouchpointStore : IFilteredTouchpointStore
{
    private const string CountMetadata = "touchpoints";

    private readonly BlobContainerClient _container;
    private readonly CreateOnce _created;
    private readonly IpAddressHandling _ipAddresses;

    /// <summary>Creates the store over a container (created on first write).</summary>
    /// <param name="container">The filtered-touchpoints container.</param>
    /// <param name="ipAddresses">What happens to IP addresses in a body before it is stored (default: truncated).</param>
    public BlobFilteredTouchpointStore(BlobContainerClient container, IpAddressHandling ipAddresses = IpAddressHandling.Truncate)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        _ipAddresses = ipAddresses;
        _created = new CreateOnce(async token => await container.CreateIfNotExistsAsync(cancellationToken: token).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<string> WriteAsync(FilteredTouchpoints filtered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filtered);
        if (!BotUserAgentList.IsReason(filtered.Reason))
        {
            throw new ArgumentException($"The reason '{filtered.Reason}' is not a short lowercase identifier.", nameof(filtered));
        }

        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var at = filtered.ReceivedAt.UtcDateTime;
        var name = string.Create(CultureInfo.InvariantCulture, $"{at:yyyy}/{at:MM}/{at:dd}/{filtered.Reason}/{at:HHmmssfff}-{Guid.NewGuid():N}.json");
        var content = Serialize(filtered with { Body = IpAddressMasking.Apply(filtered.Body, _ipAddresses) });
        try
        {
            await _container.GetBlobClient(name).UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Metadata = new Dictionary<string, string> { [CountMetadata] = filtered.Touchpoints.ToString(CultureInfo.InvariantCulture) },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            _created.Forget();
            throw;
        }

        return name;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyValuePair<string, long>>> CountAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (until <= from)
        {
            return [];
        }

        try
        {
            // A day in a time zone other than UTC spans two UTC folders; the time in each name decides which belong.
            for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(until.UtcDateTime.AddTicks(-1)); day = day.AddDays(1))
            {
                var prefix = day.ToString("yyyy'/'MM'/'dd'/'", CultureInfo.InvariantCulture);
                await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
                {
                    if (TryParseName(blob.Name, out var reason, out var at) && at >= from && at < until
                        && blob.Metadata.TryGetValue(CountMetadata, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        counts[reason] = counts.GetValueOrDefault(reason) + count;
                    }
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Nothing was ever filtered.
            return [];
        }

        return [.. counts];
    }

    private static bool TryParseName(string name, out string reason, out DateTimeOffset at)
    {
        reason = string.Empty;
        at = default;
        var parts = name.Split('/');
        if (parts.Length != 5 || parts[4].Length < 9)
        {
            return false;
        }

        reason = parts[3];
        if (!DateTime.TryParseExact($"{parts[0]}{parts[1]}{parts[2]}{parts[4][..9]}", "yyyyMMddHHmmssfff", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        at = new DateTimeOffset(time, TimeSpan.Zero);
        return true;
    }

    private static byte[] Serialize(FilteredTouchpoints filtered)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("source", filtered.Source);
            writer.WriteString("reason", filtered.Reason);
            writer.WriteNumber("touchpoints", filtered.Touchpoints);
            writer.WriteString("receivedAt", filtered.ReceivedAt.UtcDateTime);
            if (filtered.UserAgent is not null)
            {
                writer.WriteString("userAgent", filtered.UserAgent.Length > 512 ? filtered.UserAgent[..512] : filtered.UserAgent);
            }

            writer.WriteStartObject("metadata");
            foreach (var (key, value) in filtered.Metadata.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            try
            {
                writer.WriteString("body", new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(filtered.Body.Span));
            }
            catch (DecoderFallbackException)
            {
                writer.WriteBase64String("bodyBase64", filtered.Body.Span);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
