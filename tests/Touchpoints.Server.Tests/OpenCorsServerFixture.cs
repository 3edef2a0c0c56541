namespace Touchpoints.Server.Tests;

/// <summary>The server allowing any origin, for the browser test whose page port is only known once it listens.</summary>
public sealed class OpenCorsServerFixture : ServerFixtureBase
{
    protected override string CorsOrigin => "*";
}
