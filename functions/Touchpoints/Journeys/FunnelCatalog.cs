namespace Touchpoints.Journeys;

/// <summary>The funnels this deployment keeps journeys for, loaded once at start.</summary>
public sealed class FunnelCatalog
{
    /// <summary>Creates a catalog.</summary>
    /// <exception cref="ArgumentException">No funnel, or two with one id.</exception>
    public FunnelCatalog(IReadOnlyList<FunnelDefinition> funnels)
    {
        ArgumentNullException.ThrowIfNull(funnels);
        if (funnels.Count == 0)
        {
            throw new ArgumentException("At least one funnel is required.", nameof(funnels));
        }

        if (funnels.Select(static f => f.Id).Distinct(StringComparer.Ordinal).Count() != funnels.Count)
        {
            throw new ArgumentException("Funnel ids must be unique.", nameof(funnels));
        }

        Funnels = funnels;
    }

    /// <summary>Every funnel, in load order.</summary>
    public IReadOnlyList<FunnelDefinition> Funnels { get; }

    /// <summary>The funnel with an id, or null.</summary>
    public FunnelDefinition? Find(string id) => Funnels.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal));
}
