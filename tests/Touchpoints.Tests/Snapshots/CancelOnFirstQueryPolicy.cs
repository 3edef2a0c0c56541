using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Tests.Snapshots;

/// <summary>Cancels a token the moment the first table query leaves the client: a job cancelled in the middle of its scan.</summary>
internal sealed class CancelOnFirstQueryPolicy(CancellationTokenSource cancellation) : HttpPipelineSynchronousPolicy
{
    public int Queries { get; private set; }

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Query.Contains("filter", StringComparison.OrdinalIgnoreCase))
        {
            Queries++;
            cancellation.Cancel();
        }
    }
}
