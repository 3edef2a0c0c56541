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
/// Deletes the dead letters that name any of a set of customer ids, found through their blob index tags
/// (<see cref="DeadLetterTags"/>): one Find Blobs by Tags query per id, plus a read of each letter that names more ids
/// than it has tags. Letters whose body names no readable id (not JSON, not a pixel query) cannot be found; the
/// retention rule of the container deletes them.
/// </summary>
public sealed class DeadLetterEraser
{
    private readonly BlobContainerClient _container;
    private readonly ILogger<DeadLetterEraser> _logger;

    /// <summary>Creates the eraser over the dead-letter container.</summary>
    /// <param name="container">The dead-letter container.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentNullException"><paramref name="container"/> is null.</exception>
    public DeadLetterEraser(BlobContainerClient container, ILogger<DeadLetterEraser>? logger = null)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        _logger = logger ?? NullLogger<DeadLetterEraser>.Instance;
    }

    /// <summary>Deletes every dead letter naming one of <paramref name="customerIds"/>.</summary>
    /// <param name="customerIds">The erased ids (a user id and the anonymous ids linked to it).</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>How many dead letters were deleted (0 when there were none, or no container).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="customerIds"/> is null.</exception>
    public async Task<int> EraseAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        try
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in customerIds)
            {
                await foreach (var item in _container.FindBlobsByTagsAsync(DeadLetterTags.QueryFor(id), cancellationToken).ConfigureAwait(false))
                {
                    names.Add(item.BlobName);
                }
            }

            var ids = customerIds.ToHashSet(StringComparer.Ordinal);
            await foreach (var item in _container.FindBlobsByTagsAsync(DeadLetterTags.OverflowQuery, cancellationToken).ConfigureAwait(false))
            {
                if (!names.Contains(item.BlobName) && await NamesAnyAsync(item.BlobName, ids, cancellationToken).ConfigureAwait(false))
                {
                    names.Add(item.BlobName);
                }
            }

            var deleted = 0;
            foreach (var name in names)
            {
                var response = await _container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
                deleted += response.Value ? 1 : 0;
            }

            _logger.DeadLettersErased(deleted);
            return deleted;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Nothing was ever dead-lettered here.
            return 0;
        }
    }

    private async Task<bool> NamesAnyAsync(string blobName, HashSet<string> ids, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return false;
        }

        byte[] body;
        try
        {
            using var letter = JsonDocument.Parse(content.ToMemory());
            var text = letter.RootElement.GetProperty("body").GetString() ?? string.Empty;
            body = letter.RootElement.TryGetProperty("bodyEncoding", out var encoding) && encoding.GetString() == "base64"
                ? Convert.FromBase64String(text)
                : Encoding.UTF8.GetBytes(text);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }

        return DeadLetterCustomerIds.Read(body).Any(ids.Contains);
    }
}
