using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>A function the worker indexed and the harness loaded, with the id invocations name it by.</summary>
/// <param name="FunctionId">The id from the worker's metadata, sent back in the load request and every invocation.</param>
/// <param name="Metadata">The worker's metadata of the function.</param>
/// <param name="Bindings">Its raw bindings, parsed.</param>
/// <param name="Load">The worker's answer to the load request.</param>
internal sealed record LoadedFunction(string FunctionId, RpcFunctionMetadata Metadata, IReadOnlyList<RawBinding> Bindings, FunctionLoadResponse Load)
{
    /// <summary>The function's name.</summary>
    public string Name => Metadata.Name;

    /// <summary>The trigger binding.</summary>
    public RawBinding Trigger => Bindings.Single(static b => b.IsTrigger);
}
