namespace Touchpoints.Hosting;

/// <summary>One HTTP endpoint of the pipeline: the function that serves it, its route, its method and who may call it.</summary>
/// <param name="FunctionName">The Azure Functions function name; the local server names its endpoint the same.</param>
/// <param name="Route">The route template under <see cref="TouchpointRoutes.Prefix"/>.</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Access">Who may call it.</param>
public sealed record TouchpointHttpEndpoint(string FunctionName, string Route, string Method, EndpointAccess Access);
