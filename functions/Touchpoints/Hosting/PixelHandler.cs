using System.Text;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Touchpoints.Ingest;

namespace Touchpoints.Hosting;

/// <summary>
/// The tracking pixel, in its short form (<c>GET /api/t.gif?e=…</c>, a write key only when
/// <see cref="TouchpointOptions.PixelRequiresWriteKey"/>) and Segment's form (<c>GET /api/v1/pixel/{type}?data=…</c>,
/// whose data must carry a known <c>writeKey</c>, as Segment's pixel API requires). It always answers the transparent GIF with <c>Cache-Control: no-store</c>:
/// a broken pixel must never break a page. A bad input is counted, logged (field names and reasons only) and
/// dead-lettered with its reason instead of being answered with an error nobody sees.
/// </summary>
public sealed class PixelHandler
{
    /// <summary>The dead-letter and metrics source of the pixel.</summary>
    public const string Source = "pixel";

    /// <summary>The methods the pixel answers, for preflights.</summary>
    public const string Methods = "GET, OPTIONS";

    private readonly ITouchpointIngestor _ingestor;
    private readonly IDeadLetterSink _deadLetters;
    private readonly IOptions<TouchpointOptions> _options;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<PixelHandler> _logger;
    private readonly ContextPolicy _context;
    private readonly BotScreen? _bots;

    /// <summary>
    /// Creates the handler; <paramref name="context"/> (what is kept of context and traits) defaults to <see cref="ContextPolicy.Default"/>,
    /// and without <paramref name="bots"/> nothing is filtered.
    /// </summary>
    public PixelHandler(
        ITouchpointIngestor ingestor, IDeadLetterSink deadLetters, IOptions<TouchpointOptions> options, IngestMetrics metrics, TimeProvider time, ILogger<PixelHandler> logger,
        ContextPolicy? context = null, BotScreen? bots = null)
    {
        _context = context ?? ContextPolicy.Default;
        _bots = bots;
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Handles the short form, <c>GET /api/t.gif</c>.</summary>
    public Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = new AnonymousIdCookie(request, _options.Value);
        var message = PixelDecoder.FromQuery(request.Query, ids.Enabled ? ids.GetOrCreate : null, PixelHitId.Create(request.QueryString.Value, _time.GetUtcNow()));
        return IngestAsync(request, TouchpointRoutes.Pixel, message, impliedType: null, decodeError: null, _options.Value.PixelRequiresWriteKey, ids, cancellationToken);
    }

    /// <summary>Handles Segment's form, <c>GET /api/v1/pixel/{type}?data=&lt;base64 JSON&gt;</c>.</summary>
    public Task<IResult> HandleSegmentAsync(HttpRequest request, string type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = new AnonymousIdCookie(request, _options.Value);
        FieldError? error = null;
        if (!TrackingApiHandler.TryParseType(type, out var impliedType))
        {
            error = new FieldError("type", $"v1/pixel/{type} is not one of track, page, screen, identify, alias, group");
        }

        var message = Array.Empty<byte>();
        var hitId = PixelHitId.Create(request.QueryString.Value, _time.GetUtcNow());
        if (error is null && !PixelDecoder.TryFromSegmentData(request.Query["data"].ToString(), ids.Enabled ? ids.GetOrCreate : null, out message, out error, hitId))
        {
            message = [];
        }

        // Segment's pixel API carries its write key in the data, like every Segment call: without a known one nothing is applied.
        return IngestAsync(request, TouchpointRoutes.SegmentPixel, message, impliedType, error, requireWriteKey: true, ids, cancellationToken);
    }

    /// <summary>Answers a CORS preflight of a pixel route (a script may <c>fetch</c> it instead of loading an image).</summary>
    public IResult Preflight(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CorsPolicy.Preflight(request, _options.Value.CorsOrigins, Methods);
    }

    private async Task<IResult> IngestAsync(
        HttpRequest request, string route, byte[] message, TouchpointType? impliedType, FieldError? decodeError, bool requireWriteKey, AnonymousIdCookie ids, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var receivedAt = _time.GetUtcNow();
        CorsPolicy.Apply(request, options.CorsOrigins);
        var response = request.HttpContext.Response.Headers;
        response.CacheControl = "no-store, max-age=0";
        response.Pragma = "no-cache";
        ids.WriteIfCreated();

        var payload = decodeError is null ? TouchpointReader.Read(message, impliedType, receivedAt, _context) : null;
        if (payload is null || !payload.IsValid)
        {
            IReadOnlyList<FieldError> errors = payload is null ? [decodeError!] : payload.Errors;
            await RejectAsync(request, route, payload?.IsTooLarge == true ? "too_large" : "invalid", errors, receivedAt, cancellationToken).ConfigureAwait(false);
        }
        else if (requireWriteKey && !WriteKeyAuthentication.IsAuthorized(payload.WriteKey, options))
        {
            // Not dead-lettered: an unauthenticated request's content is not ours to keep.
            _metrics.Rejected(Source, "unauthorized");
            _logger.PixelRejected(route, "unauthorized", "wk");
        }
        else
        {
            try
            {
                var touchpoints = _bots is null ? payload.Touchpoints : await _bots.ScreenAsync(
                    new ScreenedInput
                    {
                        Source = Source,
                        Route = route,
                        Request = BotRequestSignals.From(request.Headers),
                        UserAgentExpected = true,
                        Body = message,
                        ReviewBody = Encoding.UTF8.GetBytes(request.Path.Value + request.QueryString.Value),
                        ReceivedAt = receivedAt,
                        Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["route"] = route },
                    },
                    payload.Touchpoints,
                    cancellationToken).ConfigureAwait(false);
                if (touchpoints.Count > 0)
                {
                    await _ingestor.IngestAsync(touchpoints, cancellationToken).ConfigureAwait(false);
                    _metrics.Accepted(Source, touchpoints.Count);
                }
            }
            catch (RequestFailedException ex)
            {
                // Storage failed after the ingestor's own retries. The page still gets its image; the touchpoint is kept
                // as a dead letter for replay if storage lets us, and the failure is logged either way.
                _logger.PixelFailed(ex, route);
                await RejectAsync(request, route, "storage_failed", [], receivedAt, cancellationToken).ConfigureAwait(false);
            }
        }

        return Results.Bytes(TrackingGif.Bytes.ToArray(), TrackingGif.ContentType);
    }

    private async Task RejectAsync(HttpRequest request, string route, string reason, IReadOnlyList<FieldError> errors, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        _metrics.Rejected(Source, reason);
        _logger.PixelRejected(route, reason, IngestLog.Fields(errors));
        var letter = new DeadLetter
        {
            Source = Source,
            Reason = errors.Count == 0 ? reason : $"{reason}: {errors[0]}" + (errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty),
            Errors = errors,
            Body = Encoding.UTF8.GetBytes(request.Path.Value + request.QueryString.Value),
            ReceivedAt = receivedAt,
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["route"] = route },
        };
        try
        {
            await _deadLetters.WriteAsync(letter, cancellationToken).ConfigureAwait(false);
            _metrics.DeadLettered(Source);
        }
        catch (RequestFailedException ex)
        {
            _logger.PixelFailed(ex, route);
        }
    }
}
