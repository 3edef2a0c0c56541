namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Core's <c>RetryContext</c>.</summary>
public abstract class RetryContext
{
    public abstract int RetryCount { get; }

    public abstract int MaxRetryCount { get; }
}
