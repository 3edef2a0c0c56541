namespace Touchpoints.Journeys;

/// <summary>A segment or persona assigned to the customer by a touchpoint.</summary>
/// <param name="Mark">When, and by which touchpoint.</param>
/// <param name="Segment">The segment's name.</param>
public readonly record struct SegmentChange(TouchMark Mark, string Segment);
