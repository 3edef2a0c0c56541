namespace Touchpoints.Benchmarks.Capacity;

/// <summary>
/// The list prices the cost model uses, as parameters: pay-as-you-go, US East, USD. They are the published 2025 list
/// prices as this project knows them, NOT checked online from the build machine (it has no route to the pricing
/// pages): pass current ones before relying on the figures.
/// </summary>
internal sealed record AzurePrices(
    string AsOf,
    double TableTransactionsPer10k,
    double TableGbMonth,
    double EventHubsThroughputUnitHour,
    double EventHubsIngressPerMillionEvents)
{
    public static AzurePrices ListPrices2025 { get; } = new(
        AsOf: "2025 list prices (unverified here)",
        TableTransactionsPer10k: 0.00036,
        TableGbMonth: 0.045,
        EventHubsThroughputUnitHour: 0.03,
        EventHubsIngressPerMillionEvents: 0.028);
}
