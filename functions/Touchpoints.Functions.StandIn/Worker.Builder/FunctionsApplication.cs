namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Stand-in of Worker's <c>FunctionsApplication</c>.</summary>
public class FunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw StandIn.NotSupported();
}
