namespace Touchpoints.Ingest;

/// <summary>Keeps filtered touchpoints for review (the <c>filtered-touchpoints</c> container, <c>{yyyy}/{MM}/{dd}/{reason}/…</c>) and counts them.</summary>
public interface IFilteredTouchpointStore
{
    /// <summary>Writes one record of filtered touchpoints durably.</summary>
    /// <returns>The name it was stored under.</returns>
    ValueTask<string> WriteAsync(FilteredTouchpoints filtered, CancellationToken cancellationToken);

    /// <summary>The touchpoints filtered per reason, received from <paramref name="from"/> (inclusive) until <paramref name="until"/> (exclusive), in ordinal order of the reason.</summary>
    Task<IReadOnlyList<KeyValuePair<string, long>>> CountAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);
}
