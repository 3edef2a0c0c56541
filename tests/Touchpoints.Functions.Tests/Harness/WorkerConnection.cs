using System.Collections.Concurrent;
using Grpc.Core;
using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// The host's end of the one <c>EventStream</c> a worker opens: sends requests, matches the worker's answers to them
/// (by message kind and function or invocation id, as the host's channel does), and keeps the worker's logs.
/// </summary>
internal sealed class WorkerConnection : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly TaskCompletionSource<StartStream> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RpcLog> _logs = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private IServerStreamWriter<StreamingMessage>? _writer;

    /// <summary>The worker's <c>StartStream</c>, once it connected.</summary>
    public Task<StartStream> Started => _started.Task;

    /// <summary>Completes when the worker's stream ends.</summary>
    public Task Closed => _closed.Task;

    /// <summary>What the worker logged over the stream (<c>RpcLog</c>), oldest first.</summary>
    public IReadOnlyCollection<RpcLog> Logs => _logs;

    /// <summary>Runs the stream until the worker ends it: called by the gRPC service for the worker's call.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        // The .NET worker opens exactly one stream; a second one would mean a second worker on the same harness.
        if (Interlocked.CompareExchange(ref _writer, responses, null) is not null)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "This harness serves one worker stream."));
        }

        try
        {
            await foreach (var message in requests.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Receive(message);
            }
        }
        finally
        {
            _closed.TrySetResult();
            _started.TrySetException(new InvalidOperationException("The worker's stream ended before StartStream."));
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The worker's stream ended before it answered."));
            }
        }
    }

    /// <summary>Waits for the worker's <c>StartStream</c>, or for its process to end first.</summary>
    public async Task<StartStream> WaitForStartAsync(Task processExited, CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(_started.Task, processExited).WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        if (first != _started.Task)
        {
            throw new InvalidOperationException("The worker process exited before it opened its stream.");
        }

        return await _started.Task.ConfigureAwait(false);
    }

    /// <summary>Sends a message that expects no answer.</summary>
    public async Task SendAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("No worker is connected.");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Registers for the answer keyed <paramref name="answerKey"/> (see <see cref="AnswerKey(StreamingMessage)"/>)
    /// before sending, so an answer can never arrive unclaimed, then sends <paramref name="message"/>.
    /// </summary>
    /// <returns>The answer, awaited by the caller with its own timeout.</returns>
    public async Task<Task<StreamingMessage>> SendForAnswerAsync(StreamingMessage message, string answerKey, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(answerKey, answer))
        {
            throw new InvalidOperationException($"An answer '{answerKey}' is already awaited.");
        }

        try
        {
            await SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(answerKey, out _);
            throw;
        }

        return answer.Task;
    }

    /// <inheritdoc />
    public void Dispose() => _writeLock.Dispose();

    /// <summary>The key an answer is matched by: its kind, and the function or invocation it is about.</summary>
    public static string AnswerKey(StreamingMessage message) => message.ContentCase switch
    {
        StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
        StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
        StreamingMessage.ContentOneofCase.FunctionLoadResponse => LoadKey(message.FunctionLoadResponse.FunctionId),
        StreamingMessage.ContentOneofCase.InvocationResponse => InvocationKey(message.InvocationResponse.InvocationId),
        StreamingMessage.ContentOneofCase.WorkerStatusResponse => "status:" + message.RequestId,
        _ => string.Empty,
    };

    /// <summary>The answer key of a function's load response.</summary>
    public static string LoadKey(string functionId) => "load:" + functionId;

    /// <summary>The answer key of an invocation's response.</summary>
    public static string InvocationKey(string invocationId) => "invocation:" + invocationId;

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream);
                return;
            case StreamingMessage.ContentOneofCase.RpcLog:
                _logs.Enqueue(message.RpcLog);
                return;
        }

        var key = AnswerKey(message);
        if (key.Length > 0 && _pending.TryRemove(key, out var answer))
        {
            answer.TrySetResult(message);
        }
    }
}
