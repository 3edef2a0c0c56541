namespace Touchpoints.Storage;

/// <summary>
/// Runs an idempotent creation (a table, a container) once per process, and again after a failure: a
/// <see cref="Lazy{T}"/> of a task would keep a faulted task, so one transient error at cold start would break the
/// instance until it restarts. Concurrent callers share one attempt; each waits with its own cancellation token,
/// and a caller that gives up does not cancel the attempt the others wait on.
/// </summary>
internal sealed class CreateOnce
{
    private readonly Func<CancellationToken, Task> _create;
    private readonly Lock _gate = new();
    private Task? _attempt;

    public CreateOnce(Func<CancellationToken, Task> create)
    {
        _create = create ?? throw new ArgumentNullException(nameof(create));
    }

    /// <summary>Completes when the creation has succeeded, starting an attempt if none succeeded or is running.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        var attempt = _attempt;
        if (attempt is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
            {
                _attempt = _create(CancellationToken.None);
            }

            attempt = _attempt;
        }

        return attempt.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets a creation that succeeded, because storage answered that the resource is gone (deleted by an operator,
    /// or lost by an emulator that restarted): the next <see cref="EnsureAsync"/> creates it again.
    /// </summary>
    public void Forget()
    {
        lock (_gate)
        {
            if (_attempt is { IsCompleted: true })
            {
                _attempt = null;
            }
        }
    }
}
