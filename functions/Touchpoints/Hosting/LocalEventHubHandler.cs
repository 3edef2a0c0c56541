using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Touchpoints.Ingest;

namespace Touchpoints.Hosting;

/// <summary>
/// The local server's stand-in for the Event Hubs trigger, <c>POST /api/eventhubs/{hub}</c>: it reads a batch in the
/// shape of <see cref="LocalEventHubBatchReader"/> and hands it to the same <see cref="EventHubBatchHandler"/> the
/// Azure Functions trigger calls. Answers the batch's outcome as JSON.
/// </summary>
public sealed class LocalEventHubHandler
{
    /// <summary>The largest batch body accepted: Event Hubs batches hold up to 1 MB per event in Premium, so more than the API's limit.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly EventHubBatchHandler _handler;
    private readonly TimeProvider _time;

    /// <summary>Creates the handler.</summary>
    public LocalEventHubHandler(EventHubBatchHandler handler, TimeProvider time)
    {
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Handles one batch.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed; as with the trigger, the caller retries the batch.</exception>
    public async Task<IResult> HandleAsync(HttpRequest request, string hub, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await RequestBodyReader.ReadAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!body.IsOk)
        {
            var status = body.Status == BodyReadStatus.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            return TouchpointResults.Problem(status, "Unreadable batch", body.Problem);
        }

        var errors = new List<FieldError>();
        var events = LocalEventHubBatchReader.Read(body.Body, _time.GetUtcNow(), errors);
        if (errors.Count > 0)
        {
            return TouchpointResults.Problem(StatusCodes.Status400BadRequest, "Invalid event batch", "The batch envelope is malformed; no event was handled.", errors);
        }

        var result = await _handler.HandleAsync(events, hub, cancellationToken).ConfigureAwait(false);
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"events":{{result.Events}},"applied":{{result.Ingested.Applied}},"duplicates":{{result.Ingested.Duplicates}},"deadLettered":{{result.DeadLettered}}}""");
        return TouchpointResults.Json(Encoding.UTF8.GetBytes(json));
    }
}
