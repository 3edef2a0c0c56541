namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Stand-in of Worker.Extensions.Http.AspNetCore's <c>FunctionsApplicationBuilderAspNetCoreExtensions</c>.</summary>
public static class FunctionsApplicationBuilderAspNetCoreExtensions
{
    public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => throw StandIn.NotSupported();
}
