namespace Touchpoints.Storage.Rules;

/// <summary>The Table service's property types, which decide a value's size in Azure's entity size formula.</summary>
internal enum EdmType
{
    String,
    Binary,
    Boolean,
    DateTime,
    Double,
    Guid,
    Int32,
    Int64,
}
