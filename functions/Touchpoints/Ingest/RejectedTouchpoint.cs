namespace Touchpoints.Ingest;

/// <summary>A touchpoint that storage refused because of its own data (for example a property over Azure's size limit).</summary>
/// <param name="MessageId">The touchpoint's message id.</param>
/// <param name="Reason">Why storage refused it, in one line.</param>
public sealed record RejectedTouchpoint(string MessageId, string Reason);
