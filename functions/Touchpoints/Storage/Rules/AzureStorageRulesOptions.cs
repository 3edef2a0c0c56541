namespace Touchpoints.Storage.Rules;

/// <summary>
/// Whether the pipeline's storage clients check every request against Azure's limits before sending it (bound from
/// <c>Touchpoints:Storage</c>, app settings <c>Touchpoints__Storage__EnforceAzureLimits</c>). Meant for local runs on
/// Azurite, which enforces fewer limits than Azure, and for tests; Azure itself enforces them in production.
/// </summary>
public sealed class AzureStorageRulesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Touchpoints:Storage";

    /// <summary>Check every Table and Blob request against Azure's limits and fail a request that breaks one. Default false.</summary>
    public bool EnforceAzureLimits { get; set; }

    /// <summary>With <see cref="EnforceAzureLimits"/>, also fail partition and table scans instead of only counting them. Default false.</summary>
    public bool FailOnScans { get; set; }
}
