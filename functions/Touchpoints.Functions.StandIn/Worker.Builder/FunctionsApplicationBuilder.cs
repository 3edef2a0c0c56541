using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Stand-in of Worker's <c>FunctionsApplicationBuilder</c> (the constructor is internal in the real type too).</summary>
public class FunctionsApplicationBuilder : IHostApplicationBuilder, IFunctionsWorkerApplicationBuilder
{
    internal FunctionsApplicationBuilder(string[]? args) => throw StandIn.NotSupported();

    public IDictionary<object, object> Properties => throw StandIn.NotSupported();

    public ConfigurationManager Configuration => throw StandIn.NotSupported();

    IConfigurationManager IHostApplicationBuilder.Configuration => throw StandIn.NotSupported();

    public IHostEnvironment Environment => throw StandIn.NotSupported();

    public ILoggingBuilder Logging => throw StandIn.NotSupported();

    public IMetricsBuilder Metrics => throw StandIn.NotSupported();

    public IServiceCollection Services => throw StandIn.NotSupported();

    public IHost Build() => throw StandIn.NotSupported();

    public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull => throw StandIn.NotSupported();

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware) => throw StandIn.NotSupported();
}
