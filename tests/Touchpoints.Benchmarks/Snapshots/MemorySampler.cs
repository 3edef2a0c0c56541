using System.Diagnostics;

namespace Touchpoints.Benchmarks.Snapshots;

/// <summary>
/// Samples the managed heap and the working set every few milliseconds while a step runs, after a full collection, so
/// each step's peak is its own (a process's peak working set only ever grows).
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakHeap;
    private long _peakWorkingSet;
    private int _stopped;

    private MemorySampler()
    {
        _sampling = Task.Run(SampleAsync);
    }

    public double PeakHeapMiB => Interlocked.Read(ref _peakHeap) / 1024.0 / 1024.0;

    public double PeakWorkingSetMiB => Interlocked.Read(ref _peakWorkingSet) / 1024.0 / 1024.0;

    public static MemorySampler Start()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new MemorySampler();
    }

    /// <summary>Stops sampling; safe to call again (the peaks stay readable).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var process = Process.GetCurrentProcess();
        while (!_stop.IsCancellationRequested)
        {
            process.Refresh();
            Interlocked.Exchange(ref _peakHeap, Math.Max(Interlocked.Read(ref _peakHeap), GC.GetTotalMemory(forceFullCollection: false)));
            Interlocked.Exchange(ref _peakWorkingSet, Math.Max(Interlocked.Read(ref _peakWorkingSet), process.WorkingSet64));
            try
            {
                await Task.Delay(5, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
