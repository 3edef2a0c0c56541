using Touchpoints.Ingest;

namespace Touchpoints.Storage.Writing;

/// <summary>Routes touchpoints to the customers whose journeys they join, and groups them by partition and customer. Pure.</summary>
internal static class TouchpointRouter
{
    /// <summary>The anonymous id a touchpoint without a user id is known by.</summary>
    public static string AnonymousIdOf(Touchpoint touchpoint) => touchpoint.AnonymousId ?? touchpoint.PreviousId!;

    /// <summary>
    /// The customer a touchpoint's journey belongs to: its user, else the user its anonymous id is linked to, else the
    /// anonymous id.
    /// </summary>
    public static WorkItem Route(Touchpoint touchpoint, int index, IReadOnlyDictionary<string, IdentityLink?> links)
    {
        if (touchpoint.UserId is { } userId)
        {
            return new WorkItem(touchpoint, index, TableKeys.Customer(userId, anonymous: false), userId, Anonymous: false);
        }

        var anonymousId = AnonymousIdOf(touchpoint);
        return links.GetValueOrDefault(anonymousId) is { } link
            ? new WorkItem(touchpoint, index, link.UserKey, link.UserId, Anonymous: false)
            : new WorkItem(touchpoint, index, TableKeys.Customer(anonymousId, anonymous: true), anonymousId, Anonymous: true);
    }

    /// <summary>The items grouped by partition, then by customer in order of first appearance.</summary>
    public static Dictionary<string, List<CustomerWork>> Group(IEnumerable<WorkItem> items, Func<string, string> partitionOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(partitionOf);
        var customers = new Dictionary<string, CustomerWork>(StringComparer.Ordinal);
        var partitions = new Dictionary<string, List<CustomerWork>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!customers.TryGetValue(item.CustomerKey, out var customer))
            {
                customers[item.CustomerKey] = customer = new CustomerWork(item.CustomerKey, item.CustomerId, item.Anonymous);
                var partition = partitionOf(item.CustomerKey);
                if (!partitions.TryGetValue(partition, out var list))
                {
                    partitions[partition] = list = [];
                }

                list.Add(customer);
            }

            customer.Add(item);
        }

        return partitions;
    }
}
