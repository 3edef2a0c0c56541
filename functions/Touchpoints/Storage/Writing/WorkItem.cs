using Touchpoints.Ingest;

namespace Touchpoints.Storage.Writing;

/// <summary>A touchpoint routed to the customer whose journey it joins.</summary>
/// <param name="Touchpoint">The touchpoint.</param>
/// <param name="Index">Its position in the caller's batch, or -1 for history replayed by an identity move.</param>
/// <param name="CustomerKey">The key of the customer it belongs to.</param>
/// <param name="CustomerId">That customer's id as sent.</param>
/// <param name="Anonymous">Whether that customer is an anonymous id (no link known when it was routed).</param>
internal sealed record WorkItem(Touchpoint Touchpoint, int Index, string CustomerKey, string CustomerId, bool Anonymous);
