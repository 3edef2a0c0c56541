using Microsoft.AspNetCore.Hosting;

namespace Touchpoints.Server;

/// <summary>
/// Builds the local server: <c>AddTouchpointPipeline</c> and the same handlers and routes as the Azure Functions
/// app, under <c>/api</c> unless <c>AzureFunctionsJobHost__extensions__http__routePrefix</c> says otherwise, plus
/// any first-party aliases of the collection routes (<c>Touchpoints:Http:Aliases</c>), on
/// <c>http://localhost:7071</c> unless <c>urls</c> says otherwise, and the snapshot scheduler in place of the
/// Functions timer.
/// </summary>
public static class TouchpointServer
{
    /// <summary>The address the server listens on when none is configured: Core Tools' default port.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Builds the app, ready to run.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Touchpoints:TableName=…</c>, …).</param>
    /// <param name="configure">Adds configuration last, so it wins (tests point it at their own Azurite and names).</param>
    /// <param name="logging">Adds logging providers or filters (tests capture what the server logs).</param>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        // ASP.NET Core logs each request's URL, and a pixel's query string holds ids: request logs stay off whatever
        // level an operator sets, so no personal data reaches the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        logging?.Invoke(builder.Logging);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddTouchpointPipeline(builder.Configuration);
        builder.Services.AddFunnelSnapshotScheduler();
        builder.Services.AddServerTelemetry(builder.Configuration);
        builder.Services.AddSingleton(new AdminKeyPolicy(builder.Configuration[AdminKeyPolicy.ConfigurationKey]));

        var routes = ServerRouteOptions.From(builder.Configuration);
        var app = builder.Build();
        app.MapTouchpoints(routes);
        return app;
    }
}
