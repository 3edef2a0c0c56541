using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Touchpoints.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// A missing or mis-bound dependency fails the worker at start, where the host reports it, not at the first invocation.
builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
builder.Services.AddTouchpointPipeline(builder.Configuration);
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();

// The pipeline's own traces and metrics (batches, storage transactions, snapshot runs) reach Application Insights
// through OpenTelemetry, beside what the Application Insights SDK above sends (logs, invocations); without a
// connection string (local runs under Core Tools) nothing is exported.
var appInsights = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
if (!string.IsNullOrWhiteSpace(appInsights))
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddTouchpointInstrumentation().AddAzureMonitorTraceExporter(options => options.ConnectionString = appInsights))
        .WithMetrics(metrics => metrics.AddTouchpointInstrumentation().AddAzureMonitorMetricExporter(options => options.ConnectionString = appInsights));
}

builder.Build().Run();
