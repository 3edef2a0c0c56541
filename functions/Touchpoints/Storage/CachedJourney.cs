using Azure;

namespace Touchpoints.Storage;

/// <summary>A journey row as stored: the encoded record (immutable, so the cache is never mutated through a reference), its ETag and chunk count.</summary>
internal readonly record struct CachedJourney(byte[]? Encoded, ETag ETag, int Chunks)
{
    /// <summary>Whether the row does not exist (a new customer).</summary>
    public bool IsNew => Encoded is null;
}
