namespace Touchpoints.Storage.Rules;

/// <summary>How a request writes an entity, read from its method and ETag condition.</summary>
internal enum EntityWriteKind
{
    Add,
    Update,
    Upsert,
    Delete,
}
