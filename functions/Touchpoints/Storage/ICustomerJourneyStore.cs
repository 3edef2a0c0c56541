namespace Touchpoints.Storage;

/// <summary>Reads and erases what is stored of one customer.</summary>
public interface ICustomerJourneyStore
{
    /// <summary>
    /// A customer's journeys and one page of their timeline, newest first. The id may be a user id or an anonymous
    /// id (an anonymous id linked to a user resolves to that user's journeys).
    /// </summary>
    /// <returns>Null when nothing is stored for the id.</returns>
    Task<CustomerJourneys?> GetAsync(string customerId, int pageSize, string? page, CancellationToken cancellationToken);

    /// <summary>Erases a customer for a privacy request: journeys, timeline and identity links, for the known id and every anonymous id linked to it.</summary>
    /// <returns>How many rows were deleted (0 when nothing was stored) and which ids were erased (at least the requested one).</returns>
    Task<CustomerErasure> EraseAsync(string customerId, CancellationToken cancellationToken);
}
