using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Touchpoints.Testing;

/// <summary>
/// A logger provider that keeps every entry as text: the formatted message, each structured value, and the exception
/// with its inner exceptions, so a test can check what a run wrote to its logs.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Every entry so far.</summary>
    public IReadOnlyCollection<string> Entries => _entries;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(static p => $"{p.Key}={p.Value}")) : string.Empty;
            entries.Enqueue($"{logLevel} {category}[{eventId.Id} {eventId.Name}] {formatter(state, exception)} | {values} | {exception}");
        }
    }
}
