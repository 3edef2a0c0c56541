using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Touchpoints.Testing;

/// <summary>
/// A TCP proxy on a free loopback port in front of one Azurite service that breaks HTTP requests on purpose: it resets
/// the connection before a request reaches the service, resets it instead of the answer (the request took effect and
/// the client cannot know), cuts the answer midway, or stalls a request for a bounded time. Faults come at a seeded
/// random rate per request, or at chosen moments (<see cref="Schedule"/>: the next requests whose request line
/// matches).
/// </summary>
/// <remarks>
/// A request is recognised by its request line (<c>METHOD /path HTTP/1.1</c>) at the start of what the client sends;
/// HTTP/1.1 without pipelining (what the Azure SDK's handler does) answers it before the next one on the connection,
/// so the next bytes from the service are its answer. The decisions come from one seeded generator in the order
/// requests arrive: the same seed gives the same sequence of decisions, and which request gets which depends on how
/// the concurrent requests interleave.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "MERGE", "HEAD", "OPTIONS"];

    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly Queue<(FaultKind Kind, Func<string, bool> Match)> _scheduled = new();
    private readonly int[] _counts = new int[Enum.GetValues<FaultKind>().Length];
    private readonly Task _accepting;
    private FaultKind[] _randomKinds = [FaultKind.ResetBeforeRequest, FaultKind.ResetBeforeResponse, FaultKind.CutResponse, FaultKind.Stall];
    private double _rate;
    private int _nextConnection;

    private FaultProxy(int targetPort, int seed, TimeSpan stall)
    {
        _targetPort = targetPort;
        _random = new Random(seed);
        StallTime = stall;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port clients connect to instead of the service's.</summary>
    public int Port { get; }

    /// <summary>How long a stalled request is held before it is forwarded (bounded, so a test never hangs on it).</summary>
    public TimeSpan StallTime { get; }

    /// <summary>How many requests passed through the proxy, faulted or not.</summary>
    public int Requests => Volatile.Read(ref _counts[(int)FaultKind.None]) + Faults;

    /// <summary>How many requests were faulted.</summary>
    public int Faults
    {
        get
        {
            var total = 0;
            for (var i = 1; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>Starts a proxy to a loopback port.</summary>
    /// <param name="targetPort">The service's port on 127.0.0.1.</param>
    /// <param name="seed">Seeds the random faults.</param>
    /// <param name="stall">How long a stall holds a request; at most 10 s.</param>
    public static FaultProxy Start(int targetPort, int seed, TimeSpan? stall = null)
    {
        var time = stall ?? TimeSpan.FromMilliseconds(200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(time, TimeSpan.FromSeconds(10), nameof(stall));
        return new FaultProxy(targetPort, seed, time);
    }

    /// <summary>How many requests got the fault.</summary>
    public int Count(FaultKind kind) => Volatile.Read(ref _counts[(int)kind]);

    /// <summary>Faults each request with this probability, choosing uniformly among <paramref name="kinds"/> (all by default); 0 stops.</summary>
    public void SetRandomFaults(double rate, params FaultKind[] kinds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        lock (_lock)
        {
            _rate = rate;
            if (kinds.Length > 0)
            {
                _randomKinds = kinds.Where(static k => k != FaultKind.None).ToArray();
            }
        }
    }

    /// <summary>Gives the fault to the next <paramref name="times"/> requests whose request line (<c>POST /account/$batch HTTP/1.1</c>, unescaped) matches, before any random fault.</summary>
    public void Schedule(FaultKind kind, Func<string, bool> requestLine, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(requestLine);
        lock (_lock)
        {
            for (var i = 0; i < times; i++)
            {
                _scheduled.Enqueue((kind, requestLine));
            }
        }
    }

    /// <summary>Drops the scheduled faults not given yet.</summary>
    public void ClearSchedule()
    {
        lock (_lock)
        {
            _scheduled.Clear();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
            await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private FaultKind Decide(string requestLine)
    {
        FaultKind kind;
        lock (_lock)
        {
            kind = FaultKind.None;
            var count = _scheduled.Count;
            for (var i = 0; i < count; i++)
            {
                var entry = _scheduled.Dequeue();
                if (kind == FaultKind.None && entry.Match(requestLine))
                {
                    kind = entry.Kind;
                }
                else
                {
                    _scheduled.Enqueue(entry);
                }
            }

            // Draw for every request, scheduled or not, so the random sequence does not depend on the schedule.
            var draw = _random.NextDouble();
            var pick = _random.Next(_randomKinds.Length);
            if (kind == FaultKind.None && draw < _rate)
            {
                kind = _randomKinds[pick];
            }
        }

        Interlocked.Increment(ref _counts[(int)kind]);
        return kind;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _nextConnection);
            _connections[id] = Task.Run(async () =>
            {
                try
                {
                    await RelayAsync(client).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(id, out _);
                }
            });
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        client.NoDelay = true;
        upstream.NoDelay = true;
        var connection = new Connection(client, upstream);
        Task[] pumps = [];
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
            pumps = [PumpRequestsAsync(connection), PumpResponsesAsync(connection)];

            // Either side ending or failing ends the connection: the other pump then fails on the closed sockets.
            await Task.WhenAny(pumps).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broken connection (ours or theirs) ends only that connection; the client sees it as a network error.
        catch (Exception)
        {
        }
        finally
        {
            connection.Reset();
        }

        try
        {
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    private async Task PumpRequestsAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        var from = connection.Client.GetStream();
        var to = connection.Upstream.GetStream();
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            if (RequestLine(buffer.AsSpan(0, read)) is { } line)
            {
                switch (Decide(line))
                {
                    case FaultKind.ResetBeforeRequest:
                        connection.Reset();
                        return;
                    case FaultKind.ResetBeforeResponse:
                        connection.ResponseFault = FaultKind.ResetBeforeResponse;
                        break;
                    case FaultKind.CutResponse:
                        connection.ResponseFault = FaultKind.CutResponse;
                        break;
                    case FaultKind.Stall:
                        await Task.Delay(StallTime, _stop.Token).ConfigureAwait(false);
                        break;
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
        }
    }

    private async Task PumpResponsesAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        var from = connection.Upstream.GetStream();
        var to = connection.Client.GetStream();
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            switch (connection.ResponseFault)
            {
                case FaultKind.ResetBeforeResponse:
                    connection.Reset();
                    return;
                case FaultKind.CutResponse:
                    await to.WriteAsync(buffer.AsMemory(0, Math.Max(1, read / 2)), _stop.Token).ConfigureAwait(false);
                    await to.FlushAsync(_stop.Token).ConfigureAwait(false);
                    connection.Reset();
                    return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
        }
    }

    // The request line if the bytes start a request ("GET /..."); body bytes, even a $batch body's own request lines
    // (absolute URIs), do not.
    private static string? RequestLine(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var line = Encoding.ASCII.GetString(bytes[..end]);
        foreach (var method in Methods)
        {
            if (line.StartsWith(method + " /", StringComparison.Ordinal) && line.EndsWith(" HTTP/1.1", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(line);
            }
        }

        return null;
    }

    private sealed class Connection(TcpClient client, TcpClient upstream)
    {
        private int _reset;
        private int _responseFault;

        public TcpClient Client { get; } = client;

        public TcpClient Upstream { get; } = upstream;

        public FaultKind ResponseFault
        {
            get => (FaultKind)Volatile.Read(ref _responseFault);
            set => Volatile.Write(ref _responseFault, (int)value);
        }

        // A reset (RST, not FIN), as a crashed peer or a middlebox gives: the client's read fails instead of ending cleanly.
        public void Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 1)
            {
                return;
            }

            foreach (var socket in new[] { Client, Upstream })
            {
                try
                {
                    if (socket.Client is { } s)
                    {
                        s.LingerState = new LingerOption(true, 0);
                    }

                    socket.Close();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // Already gone.
                }
            }
        }
    }
}
