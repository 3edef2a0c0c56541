using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Tests.Storage;

/// <summary>Fails the first requests of a client as an unreachable service would, before they are sent: a cold start that meets a transient error.</summary>
internal sealed class FailFirstRequestsPolicy(int failures) : HttpPipelineSynchronousPolicy
{
    private int _sent;

    public int Failed => Math.Min(Volatile.Read(ref _sent), failures);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (Interlocked.Increment(ref _sent) <= failures)
        {
            throw new RequestFailedException(503, "Injected: the service is unavailable.");
        }
    }
}
