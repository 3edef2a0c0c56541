using Grpc.Core;
using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>The host's <c>FunctionRpc</c> service: the worker dials it and opens its <c>EventStream</c>.</summary>
internal sealed class HostRpcService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    /// <inheritdoc />
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        connection.RunAsync(requestStream, responseStream, context.CancellationToken);
}
