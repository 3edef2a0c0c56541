using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>One HTTP-triggered invocation: the HTTP answer from the worker's endpoint and the invocation's gRPC answer.</summary>
/// <param name="Response">What the worker answered on the forwarded request.</param>
/// <param name="Invocation">The worker's <c>InvocationResponse</c> to the matching <c>InvocationRequest</c>.</param>
internal sealed record HttpInvocationResult(ForwardedResponse Response, InvocationResponse Invocation);
