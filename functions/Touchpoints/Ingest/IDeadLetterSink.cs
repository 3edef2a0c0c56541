namespace Touchpoints.Ingest;

/// <summary>Keeps inputs that could not be applied (the <c>deadletter</c> container, <c>{yyyy}/{MM}/{dd}/…</c>).</summary>
public interface IDeadLetterSink
{
    /// <summary>Writes one dead letter durably.</summary>
    /// <returns>The name it was stored under.</returns>
    ValueTask<string> WriteAsync(DeadLetter letter, CancellationToken cancellationToken);
}
