using Azure;

namespace Touchpoints.Storage;

/// <summary>The stored link of an anonymous id.</summary>
/// <param name="AnonymousId">The anonymous id as sent.</param>
/// <param name="UserKey">The winning user's key.</param>
/// <param name="UserId">The winning user's id as sent.</param>
/// <param name="Claim">The identify or alias that won.</param>
/// <param name="Moved">Whether everything stored of the anonymous id has reached the winner; false while a move is due or under way.</param>
/// <param name="Losers">Users the id was linked to before an earlier claim won: their timelines may still hold its history.</param>
/// <param name="ETag">The link row's ETag, for conditional updates.</param>
internal sealed record IdentityLink(string AnonymousId, string UserKey, string UserId, IdentityClaim Claim, bool Moved, IReadOnlyList<string> Losers, ETag ETag);
