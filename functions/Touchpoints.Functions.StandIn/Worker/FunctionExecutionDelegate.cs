namespace Microsoft.Azure.Functions.Worker.Middleware;

/// <summary>Stand-in of Worker.Core's <c>FunctionExecutionDelegate</c>.</summary>
public delegate Task FunctionExecutionDelegate(FunctionContext context);
