namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Extensions.Abstractions' <c>FunctionAttribute</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public class FunctionAttribute : Attribute
{
    public FunctionAttribute(string name) => Name = name;

    public string Name { get; }
}
