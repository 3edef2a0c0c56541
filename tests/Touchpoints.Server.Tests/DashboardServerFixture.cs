namespace Touchpoints.Server.Tests;

/// <summary>The server with an admin key, as a shared deployment runs it: the dashboard's reads must carry the key.</summary>
public sealed class DashboardServerFixture : ServerFixtureBase
{
    public const string AdminKey = "dashboard-admin-key";

    protected override string CorsOrigin => "http://shop.example";

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings[AdminKeyPolicy.ConfigurationKey] = AdminKey;
    }
}
