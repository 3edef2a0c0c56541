using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Touchpoints.Hosting;

/// <summary>Finds a request's write key: the Basic auth user name (Segment's SDKs), else the body's <c>writeKey</c> (beacons).</summary>
internal static class WriteKeyAuthentication
{
    public const string Challenge = "Basic realm=\"touchpoints\"";

    /// <summary>The user name of a Basic Authorization header, or null.</summary>
    public static string? BasicUserName(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[512];
        if (header.Parameter.Length > 680 || !Convert.TryFromBase64String(header.Parameter, decoded, out var length))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(decoded[..length]);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? credentials : credentials[..colon];
        return user.Length == 0 ? null : user;
    }

    /// <summary>Whether a presented key is one of the configured write keys.</summary>
    public static bool IsAuthorized(string? key, TouchpointOptions options) => SecretComparer.Matches(key, options.WriteKeys.Values);
}
