using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Touchpoints.Storage;

namespace Touchpoints.Snapshots;

/// <summary>
/// Keeps snapshots in a blob container (<see cref="Hosting.TouchpointOptions.SnapshotContainer"/>). Content is a pure
/// function of the snapshot; when it was generated and how many records were read go only in blob metadata
/// (<c>generatedat</c>, <c>recordsscanned</c>), so writing a day again writes the same bytes to the same names.
/// </summary>
internal sealed class BlobSnapshotStore : ISnapshotStore
{
    /// <summary>Metadata: when the file was generated (round-trip ISO-8601, UTC).</summary>
    public const string GeneratedAtMetadata = "generatedat";

    /// <summary>Metadata: journey records read to compute the snapshot.</summary>
    public const string RecordsScannedMetadata = "recordsscanned";

    /// <summary>Metadata: the day the file is of (<c>yyyy-MM-dd</c>); on <c>latest.json</c>, which day it is a copy of.</summary>
    public const string DateMetadata = "snapshotdate";

    /// <summary>Metadata: the schema version.</summary>
    public const string SchemaMetadata = "schemaversion";

    private const int LatestAttempts = 5;

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CreateOnce _containerCreated;

    public BlobSnapshotStore(BlobContainerClient container, TimeProvider time, ILogger<BlobSnapshotStore> logger)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _containerCreated = new CreateOnce(async token => await container.CreateIfNotExistsAsync(cancellationToken: token).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> WriteAsync(FunnelSnapshot snapshot, long recordsScanned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        cancellationToken.ThrowIfCancellationRequested();
        await _containerCreated.EnsureAsync(cancellationToken).ConfigureAwait(false);

        var date = snapshot.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [GeneratedAtMetadata] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            [RecordsScannedMetadata] = recordsScanned.ToString(CultureInfo.InvariantCulture),
            [DateMetadata] = date,
            [SchemaMetadata] = FunnelSnapshot.SchemaVersion.ToString(CultureInfo.InvariantCulture),
        };

        var json = SnapshotJsonWriter.Write(snapshot);
        var names = new List<string>(4);
        foreach (var (format, content) in new[]
        {
            (SnapshotFormat.Csv, SnapshotCsvWriter.Write(snapshot)),
            (SnapshotFormat.Svg, SnapshotSvgWriter.Write(snapshot)),
            (SnapshotFormat.Json, json),
        })
        {
            // Checked before every write: a cancelled run never starts another one.
            cancellationToken.ThrowIfCancellationRequested();
            var name = SnapshotBlobNames.Day(snapshot.FunnelId, snapshot.Date, format);
            await UploadAsync(name, content, SnapshotBlobNames.ContentType(format), metadata, null, cancellationToken).ConfigureAwait(false);
            names.Add(name);
        }

        if (await UpdateLatestAsync(snapshot.FunnelId, date, json, metadata, cancellationToken).ConfigureAwait(false))
        {
            names.Add(SnapshotBlobNames.Latest(snapshot.FunnelId));
        }

        return names;
    }

    /// <inheritdoc />
    public async ValueTask<StoredSnapshot?> ReadAsync(string funnelId, DateOnly? date, SnapshotFormat format, CancellationToken cancellationToken)
    {
        var name = date is { } day ? SnapshotBlobNames.Day(funnelId, day, format) : SnapshotBlobNames.Latest(funnelId);
        try
        {
            var result = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new StoredSnapshot(result.Value.Content.ToArray(), result.Value.Details.ContentType ?? SnapshotBlobNames.ContentType(format), result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    // latest.json only moves forward: a backfill of old days leaves it on the newest. Concurrent runs settle it with
    // ETag conditions, re-reading after a lost race.
    private async Task<bool> UpdateLatestAsync(string funnelId, string date, byte[] json, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(SnapshotBlobNames.Latest(funnelId));
        for (var attempt = 1; ; attempt++)
        {
            BlobRequestConditions conditions;
            try
            {
                var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                if (properties.Value.Metadata.TryGetValue(DateMetadata, out var existing) && string.CompareOrdinal(existing, date) > 0)
                {
                    _logger.LatestKept(funnelId, existing, date);
                    return false;
                }

                conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag };
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
            }

            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await UploadAsync(blob.Name, json, SnapshotJsonWriter.ContentType, metadata, conditions, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < LatestAttempts)
            {
                // Another run moved it in between; look again.
            }
        }
    }

    private async Task UploadAsync(string name, byte[] content, string contentType, Dictionary<string, string> metadata, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "no-cache" },
            Metadata = metadata,
            Conditions = conditions,
        };
        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
    }
}
