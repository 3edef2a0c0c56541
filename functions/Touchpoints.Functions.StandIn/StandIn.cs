namespace Microsoft.Azure.Functions.Worker;

/// <summary>What every stand-in member throws: nothing in this assembly may ever run.</summary>
internal static class StandIn
{
    public static NotSupportedException NotSupported() => new("compile-only stand-in");
}
