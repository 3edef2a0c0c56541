namespace Touchpoints.Storage.Writing;

/// <summary>
/// Packs customers' units into entity group transactions: in order, as many whole units as fit under both of Azure's
/// limits, 100 actions and a 4 MiB request. Pure, so the limits are tested without storage.
/// </summary>
internal static class TransactionPacker
{
    /// <summary>The most actions an entity group transaction may hold.</summary>
    public const int MaxActions = 100;

    /// <summary>
    /// The byte budget of one transaction's estimated actions: 3.5 MiB, leaving half a MiB of Azure's 4 MiB for the
    /// batch's own framing and for anything the estimate misses.
    /// </summary>
    public const long MaxBytes = 3584 * 1024;

    /// <summary>Groups units, given each one's actions and bytes, into transactions; returns each transaction's first unit and count.</summary>
    /// <param name="units">Each unit's action count and estimated bytes, in order.</param>
    /// <param name="alone">Whether a unit must travel alone.</param>
    /// <param name="maxActions">The action limit.</param>
    /// <param name="maxBytes">The byte budget.</param>
    /// <remarks>A unit over a limit on its own still gets a transaction of its own: storage answers for it, and the failure names it.</remarks>
    public static List<(int Start, int Count)> Pack(IReadOnlyList<(int Actions, long Bytes)> units, Func<int, bool>? alone = null, int maxActions = MaxActions, long maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(units);
        var transactions = new List<(int Start, int Count)>();
        var start = 0;
        var actions = 0;
        long bytes = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var (unitActions, unitBytes) = units[i];
            var single = alone?.Invoke(i) == true;
            var count = i - start;
            if (count > 0 && (single || alone?.Invoke(start) == true || actions + unitActions > maxActions || bytes + unitBytes > maxBytes))
            {
                transactions.Add((start, count));
                start = i;
                actions = 0;
                bytes = 0;
            }

            actions += unitActions;
            bytes += unitBytes;
        }

        if (units.Count > start)
        {
            transactions.Add((start, units.Count - start));
        }

        return transactions;
    }

    /// <summary>Groups units into transactions.</summary>
    public static List<List<CustomerUnit>> Pack(IReadOnlyList<CustomerUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var sizes = units.Select(static u => (u.Actions.Count, u.Bytes)).ToList();
        return Pack(sizes, i => units[i].Customer.Alone).Select(t => units.Skip(t.Start).Take(t.Count).ToList()).ToList();
    }
}
