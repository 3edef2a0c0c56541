using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;

namespace Touchpoints.Hosting;

/// <summary>
/// The privileged reads and the erasure: <c>GET /api/customers/{id}/journey</c> and <c>DELETE /api/customers/{id}</c>,
/// and the same with the id in the query (<c>GET /api/journeys?id=</c>, <c>DELETE /api/customers?id=</c>) for ids a path
/// segment cannot carry.
/// Both hosts guard them (a function key in Azure Functions, the admin key or loopback in the local server).
/// </summary>
public sealed class CustomerHandler
{
    /// <summary>Timeline entries on a page when the request names no <c>pageSize</c>.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest <c>pageSize</c> accepted.</summary>
    public const int MaxPageSize = 500;

    private readonly ICustomerJourneyStore _store;
    private readonly DeadLetterEraser _deadLetters;
    private readonly FunnelCatalog? _funnels;
    private readonly SuppressionList? _suppressions;
    private readonly ILogger<CustomerHandler> _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="store">The customer store.</param>
    /// <param name="deadLetters">Erases the dead letters of the erased ids.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="funnels">The funnels, for stage names; stages are numbered without it.</param>
    /// <param name="suppressions">The suppressed ids, for <c>?suppress=true</c> and lifting; without it both answer 400.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/>, <paramref name="deadLetters"/> or <paramref name="logger"/> is null.</exception>
    public CustomerHandler(ICustomerJourneyStore store, DeadLetterEraser deadLetters, ILogger<CustomerHandler> logger, FunnelCatalog? funnels = null, SuppressionList? suppressions = null)
    {
        _suppressions = suppressions;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _funnels = funnels;
    }

    /// <summary>A customer's journeys and the newest timeline page (<c>?page=</c> continues, <c>?pageSize=</c> 1-500).</summary>
    public async Task<IResult> GetJourneyAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (InvalidId(id) is { } problem)
        {
            return problem;
        }

        var pageSize = DefaultPageSize;
        var pageSizeText = request.Query["pageSize"].ToString();
        if (pageSizeText.Length > 0 && (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid query", null, [new FieldError("pageSize", $"must be a whole number from 1 to {MaxPageSize}")]);
        }

        var page = request.Query["page"].ToString();
        var customer = await _store.GetAsync(id, pageSize, page.Length == 0 ? null : page, cancellationToken).ConfigureAwait(false);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return customer is null
            ? TouchpointResults.Problem(StatusCodes.Status404NotFound, "Customer not found", "Nothing is stored for this id.")
            : TouchpointResults.Json(JourneyJsonWriter.Write(customer, _funnels));
    }

    /// <summary>
    /// Erases a customer: journeys, timeline and identity links of the id and of every id linked to it, then the dead
    /// letters naming any of those ids. Answers <c>{"erased":true,"deletedRows":n,"deadLetters":m}</c>. Idempotent:
    /// erasing again answers 0 and 0. The rows go first: a failure part way is answered as an error, and the request
    /// can be repeated.
    /// </summary>
    public async Task<IResult> EraseAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (InvalidId(id) is { } problem)
        {
            return problem;
        }

        var suppressText = request.Query["suppress"].ToString();
        if (suppressText is not ("" or "true" or "false") || (suppressText == "true" && _suppressions is null))
        {
            return TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid query", null, [new FieldError("suppress", _suppressions is null ? "suppression is not available in this host" : "must be true or false")]);
        }

        var erasure = await _store.EraseAsync(id, cancellationToken).ConfigureAwait(false);
        var deadLetters = await _deadLetters.EraseAsync(erasure.ErasedIds, cancellationToken).ConfigureAwait(false);

        // After the erase, so a failure part way leaves nothing suppressed that was not also erased; repeating the
        // request finishes both.
        var suppress = suppressText == "true";
        if (suppress)
        {
            await _suppressions!.SuppressAsync(erasure.ErasedIds, cancellationToken).ConfigureAwait(false);
        }

        _logger.CustomerEraseRequested(erasure.DeletedRows, deadLetters);
        var rows = erasure.DeletedRows.ToString(CultureInfo.InvariantCulture);
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"erased":true,"deletedRows":{{rows}},"deadLetters":{{deadLetters.ToString(CultureInfo.InvariantCulture)}},"suppressed":{{(suppress ? "true" : "false")}}}""");
        return TouchpointResults.Json(body);
    }

    /// <summary><see cref="GetJourneyAsync"/> for the id in the query (<c>?id=</c>), which can hold any id ingest accepts.</summary>
    public Task<IResult> GetJourneyByQueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return QueryId(request, out var id) is { } problem ? Task.FromResult(problem) : GetJourneyAsync(request, id, cancellationToken);
    }

    /// <summary><see cref="EraseAsync"/> for the id in the query (<c>?id=</c>), which can hold any id ingest accepts.</summary>
    public Task<IResult> EraseByQueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return QueryId(request, out var id) is { } problem ? Task.FromResult(problem) : EraseAsync(request, id, cancellationToken);
    }

    /// <summary>
    /// Lifts the suppression of the id in the query (<c>DELETE /api/suppressions?id=</c>): its touchpoints are accepted
    /// again (on other instances within the refresh interval). Answers <c>{"lifted":true|false}</c>.
    /// </summary>
    public async Task<IResult> LiftSuppressionByQueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((QueryId(request, out var id) ?? InvalidId(id)) is { } problem)
        {
            return problem;
        }

        if (_suppressions is null)
        {
            return TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid request", null, [new FieldError("id", "suppression is not available in this host")]);
        }

        var lifted = await _suppressions.LiftAsync(id, cancellationToken).ConfigureAwait(false);
        _logger.SuppressionLifted(lifted);
        return TouchpointResults.Json(System.Text.Encoding.UTF8.GetBytes(lifted ? """{"lifted":true}""" : """{"lifted":false}"""));
    }

    private static IResult? QueryId(HttpRequest request, out string id)
    {
        var values = request.Query["id"];
        id = values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
        return values.Count > 1
            ? TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid id", null, [new FieldError("id", "must be given once")])
            : null;
    }

    private static IResult? InvalidId(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > TouchpointLimits.MaxIdLength
            ? TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid id", null, [new FieldError("id", $"must be 1 to {TouchpointLimits.MaxIdLength} characters")])
            : null;
}
