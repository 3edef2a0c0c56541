namespace Touchpoints.Storage.Rules;

/// <summary>What the limits need of one property: its name, type and length (UTF-16 characters of a string, bytes of a binary).</summary>
internal readonly record struct PropertyFacts(string Name, EdmType Type, int Length)
{
    /// <summary>The value's size in Azure's entity size formula.</summary>
    public int ValueBytes => Type switch
    {
        EdmType.String => 4 + (Length * 2),
        EdmType.Binary => 4 + Length,
        EdmType.Boolean => 1,
        EdmType.Int32 => 4,
        EdmType.Guid => 16,
        _ => 8,
    };
}
