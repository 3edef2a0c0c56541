using System.Globalization;
using System.Net;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// Plays the Functions host's side of the host-worker protocol against the app's compiled worker: serves
/// <c>FunctionRpc</c> on a free loopback port (HTTP/2 cleartext), starts <c>dotnet Touchpoints.Functions.dll</c> with
/// the host's arguments and environment, and runs the host's start-up sequence (StartStream, WorkerInitRequest,
/// FunctionsMetadataRequest, one FunctionLoadRequest per function). Then it invokes functions as the host would:
/// InvocationRequests, and for HTTP triggers the client's request forwarded to the worker's own endpoint
/// (<c>HttpUri</c>) concurrently with the InvocationRequest. Dispose sends WorkerTerminate and kills a worker that lingers.
/// </summary>
internal sealed class FunctionsHostHarness : IAsyncDisposable
{
    /// <summary>The host's default gRPC message limit (<c>RpcWorkerConstants.DefaultMaxMessageLengthBytes</c>).</summary>
    public const int MaxMessageLength = int.MaxValue;

    /// <summary>The host version the harness announces; the worker reads nothing from it.</summary>
    public const string HostVersion = "4.0.0-touchpoints-harness";

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan TerminateGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _server;
    private readonly WorkerConnection _connection;
    private readonly WorkerProcess _worker;
    private readonly HttpRequestForwarder _forwarder = new();
    private readonly Dictionary<string, LoadedFunction> _functions = new(StringComparer.Ordinal);

    private FunctionsHostHarness(WebApplication server, WorkerConnection connection, WorkerProcess worker, string workerId)
    {
        _server = server;
        _connection = connection;
        _worker = worker;
        WorkerId = workerId;
    }

    /// <summary>The worker id the harness gave the worker on its command line.</summary>
    public string WorkerId { get; }

    /// <summary>The worker's answer to WorkerInitRequest.</summary>
    public WorkerInitResponse Init { get; private set; } = new();

    /// <summary>The worker's own HTTP endpoint (its <c>HttpUri</c> capability), where HTTP requests are forwarded.</summary>
    public Uri? HttpUri { get; private set; }

    /// <summary>The worker's answer to FunctionsMetadataRequest.</summary>
    public FunctionMetadataResponse Metadata { get; private set; } = new();

    /// <summary>The loaded functions by name.</summary>
    public IReadOnlyDictionary<string, LoadedFunction> Functions => _functions;

    /// <summary>The route prefix from the app's <c>host.json</c>, as the host routes.</summary>
    public string RoutePrefix { get; private set; } = "api";

    /// <summary>What went wrong, for assertion messages: the worker's console and its stream logs.</summary>
    public string Diagnostics
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"worker pid {_worker.Id}, exit code {_worker.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "(running)"}");
            text.AppendLine("--- worker console ---").AppendLine(_worker.Output);
            text.AppendLine("--- worker RpcLog (Warning and above) ---");
            foreach (var log in _connection.Logs.Where(static l => l.Level >= RpcLog.Types.Level.Warning))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"[{log.Level}] {log.Category}: {log.Message} {log.Exception?.Message}");
            }

            return text.ToString();
        }
    }

    /// <summary>Starts the host side and the worker, and runs start-up up to loaded functions.</summary>
    /// <param name="appSettings">App settings, as the host passes them to the worker's environment (null removes an inherited variable).</param>
    /// <param name="cancellationToken">Stops start-up.</param>
    public static async Task<FunctionsHostHarness> StartAsync(IReadOnlyDictionary<string, string?> appSettings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var appDirectory = Path.GetFullPath(FunctionsAppBuild.Directory);
        var workerAssembly = FunctionsAppBuild.WorkerAssembly;

        var connection = new WorkerConnection();
        var server = await StartServerAsync(connection, cancellationToken).ConfigureAwait(false);
        var serverUri = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        WorkerProcess worker;
        try
        {
            worker = WorkerProcess.Start(appDirectory, workerAssembly, Arguments(serverUri, workerId, requestId), Environment(appDirectory, appSettings));
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            connection.Dispose();
            throw;
        }

        var harness = new FunctionsHostHarness(server, connection, worker, workerId);
        try
        {
            await harness.RunStartupAsync(appDirectory, cancellationToken).ConfigureAwait(false);
            return harness;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            var diagnostics = harness.Diagnostics;
            await harness.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The worker did not start under the harness: {ex.Message}\n{diagnostics}", ex);
        }
        catch
        {
            // Whatever else failed, the worker process must not outlive the attempt.
            await harness.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The host's arguments to a worker process (<c>RpcWorkerContext.GetFormattedArguments</c>): the older
    /// <c>--host/--port/--workerId/--requestId/--grpcMaxMessageLength</c> and the <c>--functions-*</c> copies a
    /// current worker reads (Worker 2.x maps <c>--functions-uri</c> to <c>Functions:Worker:HostEndpoint</c>).
    /// </summary>
    public static IEnumerable<string> Arguments(Uri serverUri, string workerId, string requestId)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        var length = MaxMessageLength.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--host", serverUri.Host, "--port", serverUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", length,
            "--functions-uri", serverUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", length,
        ];
    }

    /// <summary>Invokes a function with the given inputs and trigger metadata, and waits for its InvocationResponse.</summary>
    public async Task<InvocationResponse> InvokeAsync(
        string functionName,
        IEnumerable<ParameterBinding> inputs,
        IReadOnlyDictionary<string, TypedData> triggerMetadata,
        RetryContext? retryContext = null,
        CancellationToken cancellationToken = default)
    {
        var request = CreateInvocation(Function(functionName), inputs, triggerMetadata, retryContext);
        var answer = await _connection.SendForAnswerAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request },
            WorkerConnection.InvocationKey(request.InvocationId),
            cancellationToken).ConfigureAwait(false);
        var message = await answer.WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
        return message.InvocationResponse;
    }

    /// <summary>
    /// Invokes an HTTP-triggered function as the host does for a worker with <c>HttpUri</c>: starts forwarding the
    /// client's request to the worker's endpoint (with <c>x-ms-invocation-id</c>), then sends the InvocationRequest
    /// (an empty <c>RpcHttp</c> for the request binding, the binding data as trigger metadata), and waits for both.
    /// </summary>
    public async Task<HttpInvocationResult> InvokeHttpAsync(string functionName, ClientHttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var function = Function(functionName);
        var workerUri = HttpUri ?? throw new InvalidOperationException("The worker did not declare an HttpUri: it does not take forwarded requests.");
        var trigger = function.Trigger;
        if (!string.Equals(trigger.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{functionName} is not HTTP-triggered.");
        }

        var triggerMetadata = HttpTriggerData.Build(request, RoutePrefix, trigger.Property("route") ?? function.Name);
        var inputs = new[] { new ParameterBinding { Name = trigger.Name, Data = new TypedData { Http = new RpcHttp() } } };
        var invocation = CreateInvocation(function, inputs, triggerMetadata, null);

        // As the host does: start forwarding, then send the invocation request without waiting for the HTTP answer;
        // the worker's coordinator pairs the two by the invocation id, whichever arrives first.
        var forwarded = _forwarder.ForwardAsync(workerUri, request, invocation.InvocationId, cancellationToken);
        var answer = _connection.SendForAnswerAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = invocation },
            WorkerConnection.InvocationKey(invocation.InvocationId),
            cancellationToken);
        var response = await (await answer.ConfigureAwait(false)).WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
        var http = await forwarded.WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
        return new HttpInvocationResult(http, response.InvocationResponse);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_worker.Exited.IsCompleted && _connection.Started.IsCompletedSuccessfully)
            {
                // The host's shutdown: WorkerTerminate with a grace period, then it kills a worker still running.
                await _connection.SendAsync(
                    new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(TerminateGrace) } },
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or Grpc.Core.RpcException)
        {
            // The stream is already gone; the kill below still runs.
        }

        TerminatedByItself = await _worker.StopAsync(TerminateGrace + TimeSpan.FromSeconds(25)).ConfigureAwait(false);
        await _worker.DisposeAsync().ConfigureAwait(false);
        _forwarder.Dispose();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _server.StopAsync(stop.Token).ConfigureAwait(false);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
        _connection.Dispose();
    }

    /// <summary>Whether the worker exited on WorkerTerminate by itself (set by dispose).</summary>
    public bool TerminatedByItself { get; private set; }

    /// <summary>A loaded function by name.</summary>
    public LoadedFunction Function(string name) =>
        _functions.TryGetValue(name, out var function) ? function : throw new InvalidOperationException($"No function '{name}' was loaded.");

    private static async Task<WebApplication> StartServerAsync(WorkerConnection connection, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(static kestrel => kestrel.Listen(IPAddress.Loopback, 0, static listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(static options =>
        {
            options.MaxReceiveMessageSize = MaxMessageLength;
            options.MaxSendMessageSize = MaxMessageLength;
        });
        builder.Services.AddSingleton(connection);
        var server = builder.Build();
        server.MapGrpcService<HostRpcService>();
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    private static Dictionary<string, string?> Environment(string appDirectory, IReadOnlyDictionary<string, string?> appSettings)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // What the host adds for every worker process (RpcWorkerProcess.CreateWorkerProcess) ...
            ["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory,
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory,

            // ... and what the platform sets for every app, which the worker inherits from the host's environment.
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["FUNCTIONS_EXTENSION_VERSION"] = "~4",
            ["AzureWebJobsScriptRoot"] = appDirectory,

            // The test runner's own settings must not leak into the worker's Kestrel or storage.
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
            ["ASPNETCORE_HTTPS_PORTS"] = null,
            ["AzureWebJobsStorage"] = null,
        };
        foreach (var (name, value) in appSettings)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static InvocationRequest CreateInvocation(LoadedFunction function, IEnumerable<ParameterBinding> inputs, IReadOnlyDictionary<string, TypedData> triggerMetadata, RetryContext? retryContext)
    {
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext
            {
                TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01",
                TraceState = string.Empty,
            },
            RetryContext = retryContext,
        };
        request.InputData.AddRange(inputs);
        foreach (var (name, value) in triggerMetadata)
        {
            request.TriggerMetadata[name] = value;
        }

        return request;
    }

    private async Task RunStartupAsync(string appDirectory, CancellationToken cancellationToken)
    {
        var start = await _connection.WaitForStartAsync(_worker.Exited, cancellationToken).ConfigureAwait(false);
        if (start.WorkerId != WorkerId)
        {
            throw new InvalidOperationException($"The worker identified itself as '{start.WorkerId}', not '{WorkerId}'.");
        }

        // WorkerInitRequest as GrpcWorkerChannel.SendWorkerInitRequest builds it; MultiStream is the one capability a current host always adds.
        var init = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory };
        init.Capabilities["MultiStream"] = "10";
        Init = (await AskAsync(new StreamingMessage { WorkerInitRequest = init }, "init", cancellationToken).ConfigureAwait(false)).WorkerInitResponse;
        if (Init.Result?.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"WorkerInitResponse: {Init.Result?.Status} {Init.Result?.Exception?.Message}");
        }

        if (Init.Capabilities.TryGetValue("HttpUri", out var httpUri) && !string.IsNullOrEmpty(httpUri))
        {
            HttpUri = new Uri(httpUri);
        }

        RoutePrefix = ReadRoutePrefix(appDirectory);

        var metadataRequest = new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } };
        Metadata = (await AskAsync(metadataRequest, "metadata", cancellationToken).ConfigureAwait(false)).FunctionMetadataResponse;
        if (Metadata.Result?.Status != StatusResult.Types.Status.Success || Metadata.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException($"FunctionMetadataResponse: {Metadata.Result?.Status} {Metadata.Result?.Exception?.Message} (default indexing: {Metadata.UseDefaultMetadataIndexing})");
        }

        // One FunctionLoadRequest per function (the .NET worker does not declare SupportsLoadResponseCollection), all sent, then all awaited.
        var loads = new List<(RpcFunctionMetadata Metadata, string FunctionId, IReadOnlyList<RawBinding> Bindings, Task<StreamingMessage> Answer)>();
        foreach (var metadata in Metadata.FunctionMetadataResults)
        {
            var functionId = string.IsNullOrEmpty(metadata.FunctionId) ? Guid.NewGuid().ToString() : metadata.FunctionId;
            var bindings = metadata.RawBindings.Select(RawBinding.Parse).ToArray();
            var answer = await _connection.SendForAnswerAsync(
                new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionLoadRequest = CreateLoadRequest(functionId, metadata, bindings) },
                WorkerConnection.LoadKey(functionId),
                cancellationToken).ConfigureAwait(false);
            loads.Add((metadata, functionId, bindings, answer));
        }

        foreach (var (metadata, functionId, bindings, answer) in loads)
        {
            var load = (await answer.WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false)).FunctionLoadResponse;
            _functions[metadata.Name] = new LoadedFunction(functionId, metadata, bindings, load);
        }
    }

    private async Task<StreamingMessage> AskAsync(StreamingMessage message, string answerKey, CancellationToken cancellationToken)
    {
        message.RequestId = Guid.NewGuid().ToString();
        var answer = await _connection.SendForAnswerAsync(message, answerKey, cancellationToken).ConfigureAwait(false);
        var first = await Task.WhenAny(answer, _worker.Exited).WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
        if (first != answer)
        {
            throw new InvalidOperationException($"The worker process exited while the harness waited for '{answerKey}'.");
        }

        return await answer.ConfigureAwait(false);
    }

    // The host's FunctionLoadRequest (GrpcWorkerChannel.GetFunctionLoadRequest): the metadata's name, directory, entry
    // point and script file, one BindingInfo per binding (type, direction, data type), and the metadata's properties.
    private static FunctionLoadRequest CreateLoadRequest(string functionId, RpcFunctionMetadata metadata, IReadOnlyList<RawBinding> bindings)
    {
        var load = new FunctionLoadRequest
        {
            FunctionId = functionId,
            Metadata = new RpcFunctionMetadata
            {
                Name = metadata.Name,
                Directory = metadata.Directory,
                EntryPoint = metadata.EntryPoint,
                ScriptFile = metadata.ScriptFile,
                IsProxy = false,
            },
        };
        foreach (var binding in bindings)
        {
            var info = new BindingInfo
            {
                Type = binding.Type,
                Direction = binding.Direction.ToUpperInvariant() switch
                {
                    "OUT" => BindingInfo.Types.Direction.Out,
                    "INOUT" => BindingInfo.Types.Direction.Inout,
                    _ => BindingInfo.Types.Direction.In,
                },
            };
            switch (binding.Property("dataType")?.ToUpperInvariant())
            {
                case "STRING":
                    info.DataType = BindingInfo.Types.DataType.String;
                    break;
                case "BINARY":
                    info.DataType = BindingInfo.Types.DataType.Binary;
                    break;
                case "STREAM":
                    info.DataType = BindingInfo.Types.DataType.Stream;
                    break;
            }

            load.Metadata.Bindings[binding.Name] = info;
        }

        foreach (var (key, value) in metadata.Properties)
        {
            load.Metadata.Properties[key] = value;
        }

        return load;
    }

    private static string ReadRoutePrefix(string appDirectory)
    {
        var hostJson = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(hostJson))
        {
            return "api";
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(hostJson), new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == System.Text.Json.JsonValueKind.String
                ? prefix.GetString() ?? "api"
                : "api";
    }
}
