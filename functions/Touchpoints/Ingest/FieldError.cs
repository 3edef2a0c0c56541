namespace Touchpoints.Ingest;

/// <summary>One problem with an input: the field it concerns (a JSON path such as <c>batch[3].userId</c>) and why.</summary>
/// <param name="Field">The field, as a path into the submitted message or batch.</param>
/// <param name="Message">Why the value is not accepted.</param>
public sealed record FieldError(string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message}";
}
