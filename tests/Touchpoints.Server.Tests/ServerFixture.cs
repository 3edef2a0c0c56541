namespace Touchpoints.Server.Tests;

/// <summary>The server with one allowed cross-origin caller, <see cref="AllowedOrigin"/>.</summary>
public sealed class ServerFixture : ServerFixtureBase
{
    public const string AllowedOrigin = "http://shop.example";

    protected override string CorsOrigin => AllowedOrigin;
}
