using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Touchpoints.Ingest;

/// <summary>
/// Masks IP addresses in a body before it is stored: in a JSON body every string property named <c>ip</c> (Segment's
/// <c>context.ip</c>, at any depth, in every message of a batch); in a body that is not JSON, every dotted IPv4 address.
/// </summary>
public static partial class IpAddressMasking
{
    /// <summary>The body with its IP addresses handled as <paramref name="handling"/> says; the same bytes when there are none.</summary>
    public static ReadOnlyMemory<byte> Apply(ReadOnlyMemory<byte> body, IpAddressHandling handling)
    {
        if (handling == IpAddressHandling.Keep || body.IsEmpty)
        {
            return body;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            root = null;
        }

        if (root is not null)
        {
            try
            {
                return Mask(root, handling) ? JsonSerializer.SerializeToUtf8Bytes(root, PixelJsonContext.Default.JsonNode) : body;
            }
            catch (InvalidOperationException)
            {
                // A string that cannot become text (a lone surrogate escape): mask the raw text instead.
            }
        }

        var text = Encoding.Latin1.GetString(body.Span);
        var masked = DottedIPv4().Replace(text, match => handling == IpAddressHandling.Remove ? "0.0.0.0" : Truncate(match.Value) ?? match.Value);
        return masked == text ? body : Encoding.Latin1.GetBytes(masked);
    }

    /// <summary>The address with its host part dropped (IPv4 /24, IPv6 /48), or null when the text is not an address.</summary>
    public static string? Truncate(string? address)
    {
        if (!IPAddress.TryParse(address, out var parsed))
        {
            return null;
        }

        var bytes = parsed.GetAddressBytes();
        var keep = parsed.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        Array.Clear(bytes, keep, bytes.Length - keep);
        return new IPAddress(bytes).ToString();
    }

    private static bool Mask(JsonNode node, IpAddressHandling handling)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name.Equals("ip", StringComparison.OrdinalIgnoreCase) && value is JsonValue ip && ip.TryGetValue<string>(out var text))
                    {
                        if (handling == IpAddressHandling.Remove)
                        {
                            obj.Remove(name);
                        }
                        else
                        {
                            // Text that is not an address might still hold one; it is not kept either.
                            obj[name] = Truncate(text);
                        }

                        changed = true;
                    }
                    else if (value is not null)
                    {
                        changed |= Mask(value, handling);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        changed |= Mask(item, handling);
                    }
                }

                break;
        }

        return changed;
    }

    [GeneratedRegex(@"(?<![0-9.])(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}(?![0-9.])", RegexOptions.CultureInvariant)]
    private static partial Regex DottedIPv4();
}
