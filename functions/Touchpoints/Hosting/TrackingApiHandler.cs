using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Touchpoints.Ingest;

namespace Touchpoints.Hosting;

/// <summary>
/// The Segment-compatible JSON API: <c>POST /api/v1/{track|page|screen|identify|alias|group|batch}</c>, and the
/// one-letter paths Segment's browser SDK posts to (<c>t p s i a g b</c>; see <see cref="TryParseCall"/>). Answers
/// <c>{"success":true}</c> once every touchpoint is durably written; 400 with every field error (a batch is all or
/// nothing); 401 without a known write key; 413 over the size limits; 415 for an unknown content encoding.
/// </summary>
public sealed class TrackingApiHandler
{
    /// <summary>The dead-letter and metrics source of the API.</summary>
    public const string Source = "http";

    /// <summary>The methods the API answers, for preflights.</summary>
    public const string Methods = "POST, OPTIONS";

    private readonly ITouchpointIngestor _ingestor;
    private readonly IOptions<TouchpointOptions> _options;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<TrackingApiHandler> _logger;
    private readonly ContextPolicy _context;
    private readonly BotScreen? _bots;

    /// <summary>
    /// Creates the handler; <paramref name="context"/> (what is kept of context and traits) defaults to <see cref="ContextPolicy.Default"/>,
    /// and without <paramref name="bots"/> nothing is filtered.
    /// </summary>
    public TrackingApiHandler(
        ITouchpointIngestor ingestor, IOptions<TouchpointOptions> options, IngestMetrics metrics, TimeProvider time, ILogger<TrackingApiHandler> logger, ContextPolicy? context = null,
        BotScreen? bots = null)
    {
        _context = context ?? ContextPolicy.Default;
        _bots = bots;
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Handles one call.</summary>
    /// <param name="request">The request; its body is read here.</param>
    /// <param name="type">The route's last segment: a message type or <c>batch</c>, in full or as its one-letter path.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <exception cref="Azure.RequestFailedException">Storage failed; the client gets a 5xx and retries, which is safe.</exception>
    public async Task<IResult> HandleAsync(HttpRequest request, string type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Value;
        CorsPolicy.Apply(request, options.CorsOrigins);

        if (!TryParseCall(type, out var impliedType))
        {
            return TouchpointResults.Problem(StatusCodes.Status404NotFound, "Unknown call",
                $"POST to v1/track, page, screen, identify, alias, group or batch (or v1/t, p, s, i, a, g or b), not v1/{type}.");
        }

        var receivedAt = _time.GetUtcNow();
        var body = await RequestBodyReader.ReadAsync(request, TouchpointLimits.MaxBatchBytes, cancellationToken).ConfigureAwait(false);
        if (!body.IsOk)
        {
            var (status, title, reason) = body.Status switch
            {
                BodyReadStatus.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Payload too large", "too_large"),
                BodyReadStatus.UnsupportedEncoding => (StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding", "bad_encoding"),
                _ => (StatusCodes.Status400BadRequest, "Malformed body", "bad_encoding"),
            };
            return Reject(type, status, title, reason, [new FieldError("$", body.Problem ?? title)]);
        }

        var payload = TouchpointReader.Read(body.Body, impliedType, receivedAt, _context);
        var key = WriteKeyAuthentication.BasicUserName(request) ?? payload.WriteKey;
        if (!WriteKeyAuthentication.IsAuthorized(key, options))
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = WriteKeyAuthentication.Challenge;
            return Reject(type, StatusCodes.Status401Unauthorized, "Unknown write key",
                "Send a configured write key as the Basic auth user name, or as the body's writeKey.", reason: "unauthorized", errors: []);
        }

        if (payload.IsTooLarge)
        {
            return Reject(type, StatusCodes.Status413PayloadTooLarge, "Payload too large", "too_large", payload.Errors);
        }

        if (!payload.IsValid)
        {
            return Reject(type, StatusCodes.Status400BadRequest, "Invalid touchpoints", "invalid", payload.Errors);
        }

        // A bot's touchpoints are kept for review and answered as a success: the sender is not told.
        var touchpoints = _bots is null ? payload.Touchpoints : await _bots.ScreenAsync(
            new ScreenedInput
            {
                Source = Source,
                Route = type,
                Request = BotRequestSignals.From(request.Headers),
                Body = body.Body,
                ReceivedAt = receivedAt,
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["route"] = type },
            },
            payload.Touchpoints,
            cancellationToken).ConfigureAwait(false);
        if (touchpoints.Count == 0)
        {
            return TouchpointResults.Success();
        }

        try
        {
            await _ingestor.IngestAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        }
        catch (TouchpointsRejectedException ex)
        {
            // Storage refused these touchpoints for their own data; the call's other touchpoints were applied. A 400, not a
            // 500, because sending the same data again fails the same way.
            _metrics.Accepted(Source, touchpoints.Count - ex.Rejected.Count);
            return Reject(type, StatusCodes.Status400BadRequest, "Touchpoints refused by storage",
                $"{ex.Rejected.Count} of {payload.Touchpoints.Count} touchpoint(s) were refused; the others were applied.", "refused", RefusedFields(payload.Touchpoints, ex.Rejected));
        }

        _metrics.Accepted(Source, touchpoints.Count);
        return TouchpointResults.Success();
    }

    /// <summary>Answers a CORS preflight of the API (a beacon with a JSON Blob, a fetch with an Authorization header).</summary>
    public IResult Preflight(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CorsPolicy.Preflight(request, _options.Value.CorsOrigins, Methods);
    }

    /// <summary>
    /// The call a route segment names: the message type its body is, null for a batch. The full names Segment's server
    /// SDKs and documentation use, and the one-letter paths its browser SDK (analytics.js, analytics-next) posts to,
    /// <c>b</c> being its batching delivery; exact and lowercase, as Segment's API takes them.
    /// </summary>
    internal static bool TryParseCall(string? text, out TouchpointType? type)
    {
        if (text is "batch" or "b")
        {
            type = null;
            return true;
        }

        (var ok, var parsed) = text switch
        {
            "t" => (true, TouchpointType.Track),
            "p" => (true, TouchpointType.Page),
            "s" => (true, TouchpointType.Screen),
            "i" => (true, TouchpointType.Identify),
            "a" => (true, TouchpointType.Alias),
            "g" => (true, TouchpointType.Group),
            _ => (TryParseType(text, out var named), named),
        };
        type = ok ? parsed : null;
        return ok;
    }

    /// <summary>The message type a full name of Segment's API names (the pixel API takes only these).</summary>
    internal static bool TryParseType(string? text, out TouchpointType type)
    {
        (var ok, type) = text switch
        {
            "track" => (true, TouchpointType.Track),
            "page" => (true, TouchpointType.Page),
            "screen" => (true, TouchpointType.Screen),
            "identify" => (true, TouchpointType.Identify),
            "alias" => (true, TouchpointType.Alias),
            "group" => (true, TouchpointType.Group),
            _ => (false, default),
        };
        return ok;
    }

    private static List<FieldError> RefusedFields(IReadOnlyList<Touchpoint> touchpoints, IReadOnlyList<RejectedTouchpoint> rejected)
    {
        var errors = new List<FieldError>(rejected.Count);
        foreach (var refused in rejected)
        {
            var index = -1;
            for (var i = 0; i < touchpoints.Count && index < 0; i++)
            {
                index = string.Equals(touchpoints[i].MessageId, refused.MessageId, StringComparison.Ordinal) ? i : -1;
            }

            var field = touchpoints.Count == 1 ? "$" : index >= 0 ? $"batch[{index}]" : "batch";
            errors.Add(new FieldError(field, refused.Reason));
        }

        return errors;
    }

    private IResult Reject(string route, int status, string title, string reason, IReadOnlyList<FieldError> errors) =>
        Reject(route, status, title, detail: status == StatusCodes.Status400BadRequest ? $"{errors.Count} field error(s); nothing was written." : null, reason, errors);

    private IResult Reject(string route, int status, string title, string? detail, string reason, IReadOnlyList<FieldError> errors)
    {
        _metrics.Rejected(Source, reason);
        _logger.ApiRejected(route, status, reason, IngestLog.Fields(errors));
        return TouchpointResults.Problem(status, title, detail, errors);
    }
}
