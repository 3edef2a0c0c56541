namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Core's <c>BindingContext</c>.</summary>
public abstract class BindingContext
{
    public abstract IReadOnlyDictionary<string, object?> BindingData { get; }
}
