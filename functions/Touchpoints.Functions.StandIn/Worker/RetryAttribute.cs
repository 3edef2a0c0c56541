namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Extensions.Abstractions' <c>RetryAttribute</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public abstract class RetryAttribute : Attribute
{
    public int MaxRetryCount { get; set; }
}
