using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Touchpoints.Storage.Rules;

namespace Touchpoints.Testing;

/// <summary>
/// A real Azurite (Blob, Queue and Table) started from the repository's pinned npm install on free loopback ports,
/// with in-memory persistence, and stopped on dispose.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and only valid against the emulator.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private int _disposed;

    private AzuriteServer(Process process, int blobPort, int queuePort, int tablePort, string? location)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Location = location;
    }

    /// <summary>The folder Azurite keeps its data in, or null when it keeps it in memory.</summary>
    public string? Location { get; }

    /// <summary>The Blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>The Queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The Table service port.</summary>
    public int TablePort { get; }

    /// <summary>A storage connection string for all three services of this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>
    /// A connection string for this instance whose Blob and Table endpoints are the given loopback ports (a
    /// <see cref="FaultProxy"/> in front of each), or this instance's own ports where none is given.
    /// </summary>
    public string ConnectionStringVia(int? blobPort = null, int? tablePort = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort ?? BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort ?? TablePort}/{AccountName};";

    /// <summary>
    /// The Azure limits every client this instance hands out checks its requests against, and their counts (shared by
    /// every test on this instance; a test that reads counts makes clients with rules of its own).
    /// </summary>
    public AzureStorageRules Rules { get; } = new();

    /// <summary>A Table service client for this instance, held to Azure's limits (Azurite enforces fewer).</summary>
    public TableServiceClient CreateTableServiceClient() => CreateTableServiceClient(Rules);

    /// <summary>A Table service client for this instance, held to the given rules.</summary>
    public TableServiceClient CreateTableServiceClient(AzureStorageRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(ConnectionString, rules.Apply(new TableClientOptions()));
    }

    /// <summary>A Blob service client for this instance, held to Azure's limits.</summary>
    public BlobServiceClient CreateBlobServiceClient() => CreateBlobServiceClient(Rules);

    /// <summary>A Blob service client for this instance, held to the given rules.</summary>
    public BlobServiceClient CreateBlobServiceClient(AzureStorageRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(ConnectionString, rules.Apply(new BlobClientOptions()));
    }

    /// <summary>A Table service client with no rules: only for proving what Azurite itself accepts.</summary>
    public TableServiceClient CreateUncheckedTableServiceClient() => new(ConnectionString);

    /// <summary>Starts Azurite in memory on free ports and waits until all three services listen.</summary>
    public static Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(location: null, 0, 0, 0, cancellationToken);

    /// <summary>Starts Azurite on free ports with its data on disk in <paramref name="location"/>, so it can be restarted.</summary>
    public static Task<AzuriteServer> StartOnDiskAsync(string location, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        return StartAsync(location, 0, 0, 0, cancellationToken);
    }

    /// <summary>
    /// Stops this instance as an operator would (SIGTERM: Azurite writes its metadata out and exits), runs
    /// <paramref name="whileDown"/>, then starts Azurite again on the same ports over the same data, so clients made
    /// before go on working once it is back. Only for an instance started with <see cref="StartOnDiskAsync"/>; this
    /// instance is disposed, the returned one replaces it.
    /// </summary>
    public async Task<AzuriteServer> RestartAsync(Func<Task> whileDown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(whileDown);
        var location = Location ?? throw new InvalidOperationException("Only an instance that keeps its data on disk can be restarted.");
        using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stopped.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(stopped.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // It did not stop by itself: DisposeAsync kills it.
            }
        }

        await DisposeAsync().ConfigureAwait(false);
        await whileDown().ConfigureAwait(false);
        return await StartAsync(location, BlobPort, QueuePort, TablePort, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<AzuriteServer> StartAsync(string? location, int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        var azurite = RepositoryPaths.Combine("node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run 'npm ci' in {RepositoryPaths.Root} (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = location is null ? ["--inMemoryPersistence", "--extentMemoryLimit", "512"] : ["--location", location];
        foreach (var arg in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port(blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(queuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(tablePort),
            "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose",
        }.Concat(persistence))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var output = new StringBuilder();
        int blob = 0, queue = 0, table = 0;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    var port = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    switch (match.Groups["service"].Value)
                    {
                        case "Blob": blob = port; break;
                        case "Queue": queue = port; break;
                        case "Table": table = port; break;
                    }

                    if (blob > 0 && queue > 0 && table > 0)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"Azurite did not report its ports within 60 s. Output:\n{output}");
        }

        return new AzuriteServer(process, blob, queue, table, location);

        static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A name unique to one test, valid as a table name (letters and digits, starting with a letter).</summary>
    public static string UniqueTableName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..20];

    /// <summary>A name unique to one test, valid as a blob container name.</summary>
    public static string UniqueContainerName(string prefix = "c") => prefix + Guid.NewGuid().ToString("N")[..20];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"(?<service>Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
