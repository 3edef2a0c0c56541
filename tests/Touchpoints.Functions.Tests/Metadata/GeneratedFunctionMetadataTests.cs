using System.Text.Json;
using Touchpoints.Hosting;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Functions.Tests.Metadata;

/// <summary>What the real Worker.Sdk generated for the app, function by function.</summary>
public sealed class GeneratedFunctionMetadataTests
{
    private readonly GeneratedFunctionMetadata _metadata = GeneratedFunctionMetadata.Load();

    [Fact]
    public void Functions_WhenGenerated_ThenExactlyTheTableTheEventHubsTriggerAndTheTimer()
    {
        // Arrange
        var expected = TouchpointHttpEndpoints.Shared.Select(static endpoint => endpoint.FunctionName)
            .Append(TouchpointFunctionNames.EventHubTouchpoints)
            .Append(TouchpointFunctionNames.FunnelSnapshot)
            .Order(StringComparer.Ordinal);

        // Act
        var generated = _metadata.Functions.Keys.Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(expected, generated);
    }

    [Fact]
    public void HttpFunctions_WhenGenerated_ThenRouteMethodAndAuthLevelOfTheTable()
    {
        foreach (var endpoint in TouchpointHttpEndpoints.Shared)
        {
            // Act
            var trigger = _metadata.Trigger(endpoint.FunctionName);

            // Assert
            Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal("In", trigger.GetProperty("direction").GetString());
            Assert.Equal(endpoint.Route, trigger.GetProperty("route").GetString());
            Assert.Equal([endpoint.Method.ToLowerInvariant()], trigger.GetProperty("methods").EnumerateArray().Select(static m => m.GetString()));
            Assert.Equal(endpoint.Access == EndpointAccess.Function ? "Function" : "Anonymous", trigger.GetProperty("authLevel").GetString());
            var output = _metadata.Functions[endpoint.FunctionName].GetProperty("bindings").EnumerateArray()
                .Single(static binding => binding.GetProperty("direction").GetString() == "Out");
            Assert.Equal("http", output.GetProperty("type").GetString());
        }
    }

    [Fact]
    public void EventHubTouchpoints_WhenGenerated_ThenBatchedBinaryTriggerWithSettingsAndRetry()
    {
        // Act
        var function = _metadata.Functions[TouchpointFunctionNames.EventHubTouchpoints];
        var trigger = _metadata.Trigger(TouchpointFunctionNames.EventHubTouchpoints);

        // Assert
        Assert.Equal("eventHubTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%EventHubName%", trigger.GetProperty("eventHubName").GetString());
        Assert.Equal("%EventHubConsumerGroup%", trigger.GetProperty("consumerGroup").GetString());
        Assert.Equal("EventHubConnection", trigger.GetProperty("connection").GetString());
        Assert.Equal("Many", trigger.GetProperty("cardinality").GetString());
        Assert.Equal("Binary", trigger.GetProperty("dataType").GetString());
        AssertRetry(function, maxRetryCount: 5, minimumInterval: "00:00:02", maximumInterval: "00:01:00");
    }

    [Fact]
    public void FunnelSnapshot_WhenGenerated_ThenTimerOnTheScheduleSettingWithRetry()
    {
        // Act
        var function = _metadata.Functions[TouchpointFunctionNames.FunnelSnapshot];
        var trigger = _metadata.Trigger(TouchpointFunctionNames.FunnelSnapshot);

        // Assert
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%" + Snapshots.SnapshotOptions.ScheduleSettingName + "%", trigger.GetProperty("schedule").GetString());
        AssertRetry(function, maxRetryCount: 3, minimumInterval: "00:00:30", maximumInterval: "00:05:00");
    }

    [Fact]
    public void Functions_WhenGenerated_ThenEveryEntryPointIsInTheWorkerAssembly()
    {
        // Arrange
        var assembly = System.Reflection.Assembly.LoadFrom(FunctionsAppBuild.WorkerAssembly);

        foreach (var (name, function) in _metadata.Functions)
        {
            // Act
            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            var split = entryPoint.LastIndexOf('.');
            var type = assembly.GetType(entryPoint[..split], throwOnError: false);

            // Assert
            Assert.Equal("Touchpoints.Functions.dll", function.GetProperty("scriptFile").GetString());
            Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
            Assert.True(type?.GetMethod(entryPoint[(split + 1)..]) is not null, $"{name}: entry point {entryPoint} is not in the worker assembly.");
        }
    }

    [Fact]
    public void SettingExpressions_WhenGenerated_ThenEachIsInTheLocalSettingsSample()
    {
        // Arrange
        using var sample = JsonDocument.Parse(File.ReadAllBytes(RepositoryPaths.Combine("local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");
        var triggers = _metadata.Functions.Keys.Select(_metadata.Trigger).ToList();
        var expressions = triggers
            .SelectMany(static trigger => trigger.EnumerateObject())
            .Where(static property => property.Value.ValueKind == JsonValueKind.String)
            .Select(static property => property.Value.GetString()!)
            .Where(static value => value.Length > 2 && value.StartsWith('%') && value.EndsWith('%'))
            .Select(static value => value[1..^1])
            .Distinct()
            .ToList();
        var connections = triggers
            .Where(static trigger => trigger.TryGetProperty("connection", out _))
            .Select(static trigger => trigger.GetProperty("connection").GetString()!);

        // Assert
        Assert.Equal(["EventHubConsumerGroup", "EventHubName", "SnapshotSchedule"], expressions.Order(StringComparer.Ordinal));
        foreach (var setting in expressions.Concat(connections))
        {
            Assert.True(values.TryGetProperty(setting, out _), $"local.settings.sample.json has no value for '{setting}'.");
        }
    }

    private static void AssertRetry(JsonElement function, int maxRetryCount, string minimumInterval, string maximumInterval)
    {
        var retry = function.GetProperty("retry");
        Assert.Equal("exponentialBackoff", retry.GetProperty("strategy").GetString());
        Assert.Equal(maxRetryCount, retry.GetProperty("maxRetryCount").GetInt32());
        Assert.Equal(minimumInterval, retry.GetProperty("minimumInterval").GetString());
        Assert.Equal(maximumInterval, retry.GetProperty("maximumInterval").GetString());
    }
}
