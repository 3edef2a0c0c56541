namespace Touchpoints.Journeys;

/// <summary>How a funnel counts a customer into its stages (the definition's <c>"mode"</c>).</summary>
public enum FunnelMode
{
    /// <summary>
    /// The default: a stage counts only after the stages before it, so reaching a later stage implies the required stages
    /// before it. Implied stages are counted in <c>reached</c> and reported apart (<c>implied</c>); they never count in
    /// time figures.
    /// </summary>
    Closed = 0,

    /// <summary>Customers enter at any stage; each stage counts only customers with a touchpoint in it.</summary>
    Open = 1,
}
