using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// The compiled worker, started as the Functions host starts a <c>dotnet-isolated</c> worker: <c>dotnet</c> with the
/// app's assembly and the host's connection arguments, in the app's folder, with the app settings and the host's own
/// variables in its environment. Its console output is kept for failure messages.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int MaxOutputChars = 64 * 1024;

    // The worker does not exit when its host goes away (its gRPC reader just ends), so the test process kills every
    // worker it still owns when it exits, even if a fixture never got to dispose it.
    private static readonly ConcurrentDictionary<WorkerProcess, bool> Running = new();

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int? _exitCode;

    static WorkerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += static (_, _) =>
        {
            foreach (var worker in Running.Keys)
            {
                worker.Kill();
            }
        };
    }

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited => _exited.Task;

    /// <summary>The process id (kept after the process is disposed).</summary>
    public int Id { get; private set; }

    /// <summary>The exit code, once exited.</summary>
    public int? ExitCode => _exitCode;

    /// <summary>The last of what the worker wrote to stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the worker.</summary>
    /// <param name="appDirectory">The app's build output: working directory and the folder of the worker assembly.</param>
    /// <param name="workerAssembly">The worker assembly, run by <c>dotnet</c>.</param>
    /// <param name="arguments">The host's arguments after the assembly.</param>
    /// <param name="environment">Variables to set (a null value removes an inherited one).</param>
    public static WorkerProcess Start(string appDirectory, string workerAssembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(workerAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.Exited += (_, _) =>
        {
            worker._exitCode = process.ExitCode;
            worker._exited.TrySetResult();
        };
        if (!process.Start())
        {
            throw new InvalidOperationException("The worker process did not start.");
        }

        worker.Id = process.Id;
        Running[worker] = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits up to <paramref name="grace"/> for the worker to exit by itself, then kills it and its children.</summary>
    /// <returns>Whether it exited by itself.</returns>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        try
        {
            await _exited.Task.WaitAsync(grace).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            Kill();
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(this, out _);
        Kill();
        try
        {
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Killed and still not reaped: nothing more a test can do; the OS reaps it when the runner ends.
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > MaxOutputChars)
            {
                _output.Remove(0, _output.Length - MaxOutputChars);
            }
        }
    }
}
