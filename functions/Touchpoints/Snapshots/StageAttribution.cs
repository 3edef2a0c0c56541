namespace Touchpoints.Snapshots;

/// <summary>
/// The customers who had reached one stage by the end of the day, credited three ways: to their first touchpoint, to
/// the last touchpoint before the one that reached the stage (that one itself when it was their first), and to the
/// touchpoint that reached it.
/// </summary>
/// <param name="Index">The stage's position in the funnel, from 0.</param>
/// <param name="Name">The stage's name.</param>
/// <param name="FirstTouch">Credited to the customer's first touchpoint.</param>
/// <param name="LastTouch">Credited to the last touchpoint before reaching the stage; <c>(unknown)</c> where the record's bounded window no longer reaches back.</param>
/// <param name="Converting">Credited to the touchpoint that reached the stage.</param>
public sealed record StageAttribution(int Index, string Name, AttributionModel FirstTouch, AttributionModel LastTouch, AttributionModel Converting);
