namespace Touchpoints.Server.Tests;

/// <summary>
/// The server as a site's own domain serves it: every route under <c>/tp</c> instead of <c>/api</c>, the pixel also at
/// <c>/e/x.gif</c> and the JSON API also at <c>/e/{type}</c>.
/// </summary>
public sealed class FirstPartyServerFixture : ServerFixtureBase
{
    public const string Prefix = "tp";

    protected override string CorsOrigin => ServerFixture.AllowedOrigin;

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings[ServerRouteOptions.PrefixKey] = Prefix;
        settings[$"{ServerRouteOptions.AliasesKey}:0:Path"] = "/e/x.gif";
        settings[$"{ServerRouteOptions.AliasesKey}:0:Route"] = "t.gif";
        settings[$"{ServerRouteOptions.AliasesKey}:1:Path"] = "e/{type}";
        settings[$"{ServerRouteOptions.AliasesKey}:1:Route"] = "v1/{type}";
    }
}
