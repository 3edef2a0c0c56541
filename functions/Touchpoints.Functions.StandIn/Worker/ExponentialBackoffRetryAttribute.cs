namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Extensions.Abstractions' <c>ExponentialBackoffRetryAttribute</c>.</summary>
public sealed class ExponentialBackoffRetryAttribute : RetryAttribute
{
    public ExponentialBackoffRetryAttribute(int maxRetryCount, string minimumInterval, string maximumInterval)
    {
        MaxRetryCount = maxRetryCount;
        MinimumInterval = minimumInterval;
        MaximumInterval = maximumInterval;
    }

    public string MinimumInterval { get; }

    public string MaximumInterval { get; }
}
