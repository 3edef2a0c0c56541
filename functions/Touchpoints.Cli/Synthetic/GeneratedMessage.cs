namespace Touchpoints.Cli.Synthetic;

/// <summary>One synthetic Segment message.</summary>
/// <param name="AtMs">Its event time, Unix milliseconds.</param>
/// <param name="Json">The message, one line of JSON.</param>
internal sealed record GeneratedMessage(long AtMs, string Json);
