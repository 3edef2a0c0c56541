using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Touchpoints.Hosting;
using Touchpoints.Ingest;

namespace Touchpoints.Snapshots;

/// <summary>
/// The snapshot routes both hosts map (under the <c>api</c> prefix):
/// <list type="bullet">
/// <item><c>GET funnels/{funnel}/snapshots/{date}</c>: a day's <c>funnel.json</c> (default), <c>funnel.csv</c> or
/// <c>funnel.svg</c>, chosen by an extension on the date (<c>2026-03-01.svg</c>) or else the <c>Accept</c> header;
/// <c>latest</c> for the newest day's JSON.</item>
/// <item><c>POST funnels/{funnel}/snapshots/{date}</c>: computes and writes that day again.</item>
/// <item><c>POST funnels/{funnel}/snapshots?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>: a backfill of at most
/// <see cref="FunnelSnapshotJob.MaxRangeDays"/> days.</item>
/// </list>
/// Errors are <c>application/problem+json</c> naming the field: 400 for a bad date or range, 404 for an unknown funnel
/// or a day never computed.
/// </summary>
public sealed class SnapshotHandler
{
    /// <summary>The date segment that names the newest day.</summary>
    public const string LatestSegment = "latest";

    private readonly FunnelSnapshotJob _job;
    private readonly ISnapshotStore _store;

    internal SnapshotHandler(FunnelSnapshotJob job, ISnapshotStore store)
    {
        _job = job ?? throw new ArgumentNullException(nameof(job));
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <summary>Handles <c>GET funnels/{funnel}/snapshots/{date}</c>.</summary>
    /// <param name="request">The request (its <c>Accept</c> header chooses the format when the date has no extension).</param>
    /// <param name="funnel">The route's <c>funnel</c> value.</param>
    /// <param name="date">The route's <c>date</c> value: <c>yyyy-MM-dd</c> or <c>latest</c>, optionally with <c>.json</c>, <c>.csv</c> or <c>.svg</c>.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the file; 400, 404 or 406 problem+json.</returns>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<IResult> GetAsync(HttpRequest request, string funnel, string date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_job.Catalog.Find(funnel) is null)
        {
            return UnknownFunnel(funnel);
        }

        var (dateText, extension) = SplitExtension(date ?? string.Empty);
        SnapshotFormat format;
        if (extension is not null)
        {
            if (!TryParseFormat(extension, out format))
            {
                return TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Unknown snapshot format", null,
                    [new FieldError("date", $"the extension '.{extension}' is not one of .json, .csv, .svg")]);
            }
        }
        else if (Negotiate(request) is { } negotiated)
        {
            format = negotiated;
        }
        else
        {
            return TouchpointResults.Problem(StatusCodes.Status406NotAcceptable, "Not acceptable",
                "Snapshots are available as application/json, text/csv and image/svg+xml.");
        }

        DateOnly? day = null;
        if (string.Equals(dateText, LatestSegment, StringComparison.OrdinalIgnoreCase))
        {
            if (format != SnapshotFormat.Json)
            {
                return TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Unknown snapshot format", null,
                    [new FieldError("date", "'latest' is available as JSON only")]);
            }
        }
        else if (TryParseDate(dateText, out var parsed))
        {
            day = parsed;
        }
        else
        {
            return BadDate("date", dateText);
        }

        var stored = await _store.ReadAsync(funnel, day, format, cancellationToken).ConfigureAwait(false);
        request.HttpContext.Response.Headers.Vary = HeaderNames.Accept;
        if (stored is null)
        {
            return TouchpointResults.Problem(StatusCodes.Status404NotFound, "No snapshot",
                day is null ? $"No snapshot of funnel '{funnel}' has been computed yet." : $"No snapshot of funnel '{funnel}' for {dateText}; POST to this URL computes it.");
        }

        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return Results.Bytes(stored.Content, stored.ContentType);
    }

    /// <summary>Handles <c>POST funnels/{funnel}/snapshots/{date}</c>: computes and writes the day again.</summary>
    /// <param name="request">The request.</param>
    /// <param name="funnel">The route's <c>funnel</c> value.</param>
    /// <param name="date">The route's <c>date</c> value, <c>yyyy-MM-dd</c>.</param>
    /// <param name="cancellationToken">The request's cancellation; nothing is written after it fires.</param>
    /// <returns>200 with a JSON summary (<c>funnel</c>, <c>date</c>, <c>customers</c>, <c>recordsScanned</c>, <c>blobs</c>); 400 or 404 problem+json.</returns>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<IResult> RecomputeAsync(HttpRequest request, string funnel, string date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_job.Catalog.Find(funnel) is null)
        {
            return UnknownFunnel(funnel);
        }

        if (!TryParseDate(date ?? string.Empty, out var day))
        {
            return BadDate("date", date);
        }

        var result = await _job.RunAsync(funnel, day, cancellationToken).ConfigureAwait(false);
        return TouchpointResults.Json(Summary(funnel, [result]));
    }

    /// <summary>Handles <c>POST funnels/{funnel}/snapshots?from=…&amp;to=…</c>: computes and writes every day of the range.</summary>
    /// <param name="request">The request, whose query holds <c>from</c> and <c>to</c> (inclusive, <c>yyyy-MM-dd</c>).</param>
    /// <param name="funnel">The route's <c>funnel</c> value.</param>
    /// <param name="cancellationToken">The request's cancellation; days already written stay.</param>
    /// <returns>200 with a JSON summary; 400 or 404 problem+json.</returns>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<IResult> BackfillAsync(HttpRequest request, string funnel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_job.Catalog.Find(funnel) is null)
        {
            return UnknownFunnel(funnel);
        }

        string? fromText = request.Query["from"], toText = request.Query["to"];
        var errors = new List<FieldError>();
        if (!TryParseDate(fromText ?? string.Empty, out var from))
        {
            errors.Add(new FieldError("from", fromText is null ? "is required: yyyy-MM-dd" : $"'{fromText}' is not a date as yyyy-MM-dd"));
        }

        if (!TryParseDate(toText ?? string.Empty, out var to))
        {
            errors.Add(new FieldError("to", toText is null ? "is required: yyyy-MM-dd" : $"'{toText}' is not a date as yyyy-MM-dd"));
        }

        if (errors.Count == 0 && (to < from || to.DayNumber - from.DayNumber + 1 > FunnelSnapshotJob.MaxRangeDays))
        {
            errors.Add(new FieldError("to", $"must be on or after 'from' and at most {FunnelSnapshotJob.MaxRangeDays} days in all"));
        }

        if (errors.Count > 0)
        {
            return TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid backfill range", null, errors);
        }

        var results = await _job.RunRangeAsync(funnel, from, to, null, cancellationToken).ConfigureAwait(false);
        return TouchpointResults.Json(Summary(funnel, results));
    }

    internal static SnapshotFormat? Negotiate(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0)
        {
            return SnapshotFormat.Json;
        }

        foreach (var media in accept.OrderByDescending(static m => m.Quality ?? 1))
        {
            if (media.Quality == 0)
            {
                continue;
            }

            var type = media.MediaType.Value ?? string.Empty;
            if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Equals("application/*", StringComparison.OrdinalIgnoreCase) || type == "*/*")
            {
                return SnapshotFormat.Json;
            }

            if (type.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || type.Equals("text/*", StringComparison.OrdinalIgnoreCase))
            {
                return SnapshotFormat.Csv;
            }

            if (type.Equals("image/svg+xml", StringComparison.OrdinalIgnoreCase) || type.Equals("image/*", StringComparison.OrdinalIgnoreCase))
            {
                return SnapshotFormat.Svg;
            }
        }

        return null;
    }

    internal static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static (string Date, string? Extension) SplitExtension(string segment)
    {
        var dot = segment.LastIndexOf('.');
        return dot < 0 ? (segment, null) : (segment[..dot], segment[(dot + 1)..]);
    }

    private static bool TryParseFormat(string extension, out SnapshotFormat format)
    {
        format = extension.ToUpperInvariant() switch
        {
            "JSON" => SnapshotFormat.Json,
            "CSV" => SnapshotFormat.Csv,
            "SVG" => SnapshotFormat.Svg,
            _ => (SnapshotFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    private static IResult UnknownFunnel(string funnel) =>
        TouchpointResults.Problem(StatusCodes.Status404NotFound, "Unknown funnel", null, [new FieldError("funnel", $"no funnel '{funnel}' is configured")]);

    private static IResult BadDate(string field, string? text) =>
        TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid date", null, [new FieldError(field, $"'{text}' is not a date as yyyy-MM-dd")]);

    private static byte[] Summary(string funnel, IReadOnlyList<SnapshotResult> results)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("funnel", funnel);
            json.WriteNumber("days", results.Count);
            json.WriteStartArray("snapshots");
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("date", result.Snapshot.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteNumber("customers", result.Snapshot.Customers);
                json.WriteNumber("recordsScanned", result.RecordsScanned);
                json.WriteStartArray("blobs");
                foreach (var name in result.BlobNames)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
