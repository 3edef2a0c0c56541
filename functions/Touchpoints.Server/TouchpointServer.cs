using Microsoft.AspNetCore.Hosting;

namespace Touchpoints.Server;

/// <summary>
/// Builds the local server: <c>AddTouchpointPipeline</c> and the same handlers and routes as the Azure Functions
/// app, under <c>/api</c>, on <c>http://localhost:7071</c> unless <c>urls</c> says otherwise, and the snapshot
/// scheduler in place of the Functions timer.
/// </summary>
public static class TouchpointServer
{
    /// <summary>The address the server listens on when none is configured: Core Tools' default port.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Builds the app, ready to run.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Touchpoints:TableName=…</c>, …).</param>
    /// <param name="configure">Adds configuration last, so it wins (tests point it at their own Azurite and names).</param>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddTouchpointPipeline(builder.Configuration);
        builder.Services.AddFunnelSnapshotScheduler();
        builder.Services.AddSingleton(new AdminKeyPolicy(builder.Configuration[AdminKeyPolicy.ConfigurationKey]));

        var app = builder.Build();
        app.MapTouchpoints();
        return app;
    }
}
