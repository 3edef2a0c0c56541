namespace Touchpoints.Storage.Writing;

/// <summary>A classified transaction failure.</summary>
/// <param name="Kind">What it means.</param>
/// <param name="Unit">The index of the unit (customer) whose action failed, or -1 when no action was named.</param>
/// <param name="Action">The index of the failed action within that unit, or -1.</param>
/// <param name="Reason">A one-line reason for a touchpoint's result: status and error code.</param>
internal readonly record struct TransactionFailure(TransactionFailureKind Kind, int Unit, int Action, string Reason);
