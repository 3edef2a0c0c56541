namespace Touchpoints.Storage;

/// <summary>What an erasure of the table rows did: the rows deleted, and the ids erased (for erasing elsewhere: dead letters).</summary>
/// <param name="DeletedRows">How many table rows were deleted (0 when nothing was stored).</param>
/// <param name="ErasedIds">The requested id, the user id it resolved to, and every anonymous id that was linked to that user.</param>
public sealed record CustomerErasure(int DeletedRows, IReadOnlyList<string> ErasedIds);
