using Microsoft.Extensions.Logging;

namespace Touchpoints.Tests.Snapshots;

/// <summary>A logger that lets a test wait for the n-th time an event is logged (the scheduler's start is asynchronous).</summary>
internal sealed class SignallingLogger<T>(string eventName) : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private int _count;

    public List<string> Lines { get; } = [];

    public Task WaitForAsync(int occurrence)
    {
        lock (_lock)
        {
            if (_count >= occurrence)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(occurrence);
            _waiters.Add(waiter);
            return waiter.Task;
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            Lines.Add($"{eventId.Name}: {formatter(state, exception)} {exception}");
            if (eventId.Name != eventName)
            {
                return;
            }

            _count++;
            foreach (var waiter in _waiters.Where(w => (int)w.Task.AsyncState! <= _count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.SetResult();
            }
        }
    }
}
