namespace Touchpoints.Snapshots;

/// <summary>A snapshot file as stored.</summary>
/// <param name="Content">Its bytes.</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="ETag">Its blob's ETag.</param>
internal sealed record StoredSnapshot(byte[] Content, string ContentType, string ETag);
