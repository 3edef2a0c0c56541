using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Storage;

/// <summary>What is stored of one customer: a journey per funnel and a page of the timeline, newest first.</summary>
/// <param name="CustomerId">The id asked for.</param>
/// <param name="ResolvedCustomerId">The id the journeys are kept under (the known user an anonymous id was linked to, or the id itself).</param>
/// <param name="Journeys">One record per funnel the customer has touchpoints in.</param>
/// <param name="Timeline">Touchpoints, newest first by event time.</param>
/// <param name="NextPage">The token of the next timeline page, or null at the end.</param>
public sealed record CustomerJourneys(
    string CustomerId,
    string ResolvedCustomerId,
    IReadOnlyList<JourneyRecord> Journeys,
    IReadOnlyList<Touchpoint> Timeline,
    string? NextPage);
