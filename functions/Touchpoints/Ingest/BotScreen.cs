using Microsoft.Extensions.Logging;

namespace Touchpoints.Ingest;

/// <summary>
/// Takes out of an input the touchpoints that are not a person's (<see cref="BotFilter"/>) before they are ingested:
/// each is kept in the <see cref="IFilteredTouchpointStore"/> with its reason, counted per reason, and logged without
/// its content, never dropped silently. The sender is not told: the pixel still answers its image and the API a success.
/// </summary>
public sealed class BotScreen
{
    private readonly BotFilter _filter;
    private readonly IFilteredTouchpointStore _store;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<BotScreen> _logger;

    /// <summary>Creates the screen.</summary>
    public BotScreen(BotFilter filter, IFilteredTouchpointStore store, IngestMetrics metrics, ILogger<BotScreen> logger)
    {
        _filter = filter ?? throw new ArgumentNullException(nameof(filter));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The touchpoints of an input that a person sent; the others are kept for review first.</summary>
    /// <param name="input">Where the input came from and what it said.</param>
    /// <param name="touchpoints">The input's valid touchpoints, in the order <see cref="TouchpointReader"/> read them.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The touchpoints to ingest: <paramref name="touchpoints"/> itself when none was filtered.</returns>
    /// <exception cref="Azure.RequestFailedException">Keeping filtered touchpoints failed: they were not ingested either.</exception>
    public async Task<IReadOnlyList<Touchpoint>> ScreenAsync(ScreenedInput input, IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        var (kept, filtered) = Screen(input, touchpoints);
        await KeepAsync(input.Route, filtered, cancellationToken).ConfigureAwait(false);
        return kept;
    }

    /// <summary>
    /// Splits an input's touchpoints without writing anything: those to ingest, and the filtered ones (one record per reason)
    /// to pass to <see cref="KeepAsync"/>, which an Event Hubs batch does after its ingest so a retried batch keeps them once.
    /// </summary>
    public (IReadOnlyList<Touchpoint> Kept, IReadOnlyList<FilteredTouchpoints> Filtered) Screen(ScreenedInput input, IReadOnlyList<Touchpoint> touchpoints)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(touchpoints);
        if (!_filter.Enabled || touchpoints.Count == 0)
        {
            return (touchpoints, []);
        }

        if (input.Request is { } request && _filter.ClassifyRequest(request, input.UserAgentExpected) is { } requestReason)
        {
            return ([], [Record(input, requestReason, touchpoints.Count, request.UserAgent, input.ReviewBody ?? input.Body)]);
        }

        var agents = MessageAgents.Read(input.Body.Span);
        if (agents is null || agents.Length != touchpoints.Count)
        {
            return (touchpoints, []);
        }

        List<Touchpoint>? kept = null;
        SortedDictionary<string, (List<ReadOnlyMemory<byte>> Messages, string? UserAgent)>? filtered = null;
        for (var i = 0; i < agents.Length; i++)
        {
            var reason = _filter.ClassifyAgent(agents[i].UserAgent, agents[i].Webdriver);
            if (reason is null)
            {
                kept?.Add(touchpoints[i]);
                continue;
            }

            kept ??= [.. touchpoints.Take(i)];
            filtered ??= new(StringComparer.Ordinal);
            if (!filtered.TryGetValue(reason, out var group))
            {
                group = ([], agents[i].UserAgent);
                filtered.Add(reason, group);
            }

            group.Messages.Add(agents[i].Message);
        }

        if (filtered is null)
        {
            return (touchpoints, []);
        }

        var records = new List<FilteredTouchpoints>(filtered.Count);
        foreach (var (reason, group) in filtered)
        {
            records.Add(Record(input, reason, group.Messages.Count, group.UserAgent, JsonArray(group.Messages)));
        }

        return (kept!, records);
    }

    /// <summary>Keeps filtered touchpoints in the store, then counts and logs them (reason and count only).</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task KeepAsync(string route, IReadOnlyList<FilteredTouchpoints> filtered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filtered);
        foreach (var record in filtered)
        {
            await _store.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            _metrics.Filtered(record.Source, record.Reason, record.Touchpoints);
            _logger.TouchpointsFiltered(record.Source, route, record.Reason, record.Touchpoints);
        }
    }

    private static FilteredTouchpoints Record(ScreenedInput input, string reason, int count, string? userAgent, ReadOnlyMemory<byte> body) => new()
    {
        Source = input.Source,
        Reason = reason,
        Touchpoints = count,
        UserAgent = userAgent,
        Body = body,
        ReceivedAt = input.ReceivedAt,
        Metadata = input.Metadata,
    };

    private static byte[] JsonArray(List<ReadOnlyMemory<byte>> messages)
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte((byte)'[');
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(messages[i].Span);
        }

        buffer.WriteByte((byte)']');
        return buffer.ToArray();
    }
}
