namespace Touchpoints.Ingest;

/// <summary>What handling one Event Hubs batch did.</summary>
/// <param name="Events">Events in the batch.</param>
/// <param name="Ingested">What the valid events' touchpoints did to journeys.</param>
/// <param name="DeadLettered">Events written to the dead-letter container instead.</param>
public readonly record struct EventHubBatchResult(int Events, IngestResult Ingested, int DeadLettered);
