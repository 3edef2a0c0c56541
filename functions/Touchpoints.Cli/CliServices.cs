using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Touchpoints.Cli;

/// <summary>
/// The pipeline's services for one command, configured like the server: <c>appsettings.json</c> beside the tool and in the
/// working folder, then environment variables (<c>AzureWebJobsStorage</c>, <c>Touchpoints__*</c>), through the same
/// <c>AddTouchpointPipeline</c>.
/// </summary>
internal static class CliServices
{
    public static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole(static o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddTouchpointPipeline(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
