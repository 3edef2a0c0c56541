using System.Net;
using Touchpoints.Hosting;

namespace Touchpoints.Server;

/// <summary>
/// The local server's stand-in for function keys on the privileged routes (journey reads, erase, the Event Hubs
/// endpoint). With <c>Touchpoints:AdminKey</c> set, a request must present it as <c>x-functions-key</c> or
/// <c>?code=</c>, the same places Azure Functions reads a function key from, so one client works against both hosts.
/// Without it, only loopback callers are let in: a developer's machine, never an exposed port.
/// </summary>
internal sealed class AdminKeyPolicy(string? adminKey)
{
    public const string ConfigurationKey = "Touchpoints:AdminKey";

    public bool IsAllowed(HttpRequest request)
    {
        if (string.IsNullOrEmpty(adminKey))
        {
            return request.HttpContext.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
        }

        var presented = request.Headers["x-functions-key"].ToString();
        if (presented.Length == 0)
        {
            presented = request.Query["code"].ToString();
        }

        return SecretComparer.Matches(presented, [adminKey]);
    }
}
