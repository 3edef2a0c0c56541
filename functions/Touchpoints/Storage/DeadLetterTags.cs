using Touchpoints.Ingest;

namespace Touchpoints.Storage;

/// <summary>
/// The blob index tags that let an erasure find a customer's dead letters without reading them: one tag per customer id
/// the letter names, named <c>c</c> + <see cref="CustomerKeyHash"/> of the id with the value <c>1</c> (so the id itself
/// is never in the index, and one equality query finds every letter of an id whatever its position in the letter).
/// </summary>
/// <remarks>
/// Azure allows 10 tags on a blob. A letter naming more ids than <see cref="MaxCustomerTags"/> gets the first ones and
/// <see cref="OverflowName"/> = <see cref="OverflowValue"/>: erasure also reads those letters and matches their ids.
/// </remarks>
internal static class DeadLetterTags
{
    /// <summary>Customer tags on one letter: one of Azure's 10 is kept for the overflow mark.</summary>
    public const int MaxCustomerTags = 9;

    /// <summary>The tag that marks a letter naming more ids than it has customer tags.</summary>
    public const string OverflowName = "ids";

    /// <summary>The value of <see cref="OverflowName"/> on such a letter.</summary>
    public const string OverflowValue = "overflow";

    /// <summary>The tags of a letter whose body names <paramref name="customerIds"/>; empty when it names none.</summary>
    public static Dictionary<string, string> For(IReadOnlyList<string> customerIds)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < customerIds.Count && tags.Count < MaxCustomerTags; i++)
        {
            tags[NameOf(customerIds[i])] = "1";
        }

        if (customerIds.Count > MaxCustomerTags)
        {
            tags[OverflowName] = OverflowValue;
        }

        return tags;
    }

    /// <summary>The tags of <paramref name="letter"/>, from the ids its body names (<see cref="DeadLetterCustomerIds"/>).</summary>
    public static Dictionary<string, string> For(DeadLetter letter) => For(DeadLetterCustomerIds.Read(letter.Body.Span));

    /// <summary>The Find Blobs by Tags expression that answers the letters naming <paramref name="customerId"/>.</summary>
    public static string QueryFor(string customerId) => $"\"{NameOf(customerId)}\" = '1'";

    /// <summary>The Find Blobs by Tags expression that answers the letters with more ids than tags.</summary>
    public static string OverflowQuery => $"\"{OverflowName}\" = '{OverflowValue}'";

    private static string NameOf(string customerId) => "c" + CustomerKeyHash.Of(customerId);
}
