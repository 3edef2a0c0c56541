namespace Touchpoints.Storage;

/// <summary>
/// The rows that link an anonymous id to a known customer: <c>i|{anonymous key}</c> in the anonymous key's partition
/// (read when routing), and <c>l|{user key}|{anonymous key}</c> in the user's partition (read when erasing the user).
/// </summary>
public static class IdentityEntity
{
    /// <summary>Property of the link row: the known customer's key.</summary>
    public const string UserKeyProperty = "UserKey";

    /// <summary>Property of both rows: the known customer's id as sent.</summary>
    public const string UserIdProperty = "UserId";

    /// <summary>Property of the reverse row: the anonymous id as sent.</summary>
    public const string AnonymousIdProperty = "AnonymousId";

    /// <summary>The row key of the reverse link from a user to one of their anonymous keys.</summary>
    public static string ReverseRow(string userKey, string anonymousKey) => $"l|{userKey}|{anonymousKey}";

    /// <summary>The first reverse link row of a user, inclusive.</summary>
    public static string ReverseRangeStart(string userKey) => $"l|{userKey}|";

    /// <summary>The end of a user's reverse link rows, exclusive.</summary>
    public static string ReverseRangeEnd(string userKey) => $"l|{userKey}}}";
}
