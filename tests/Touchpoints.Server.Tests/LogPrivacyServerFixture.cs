using Microsoft.Extensions.Logging;
using Touchpoints.Testing;

namespace Touchpoints.Server.Tests;

/// <summary>The local server with every log entry of every category captured, at every level.</summary>
public sealed class LogPrivacyServerFixture : ServerFixtureBase
{
    public CapturedLogs Logs { get; } = new();

    protected override string CorsOrigin => "https://shop.example";

    // Everything the server logs when an operator turns logging all the way up, with the server's own filters in force.
    protected override string MinimumLogLevel => "Trace";

    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.AddProvider(Logs);
}
