using System.Runtime.InteropServices;
using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// The sender each message of a body names (<c>context.userAgent</c>, <c>context.webdriver</c>), in the order
/// <see cref="TouchpointReader"/> reads the messages, so entry <c>i</c> belongs to a valid payload's touchpoint <c>i</c>.
/// Read apart from the touchpoints because the user agent is personal data the stored touchpoint does not keep.
/// </summary>
internal static class MessageAgents
{
    /// <summary>One message's sender and its own JSON.</summary>
    internal readonly record struct Agent(string? UserAgent, bool Webdriver, ReadOnlyMemory<byte> Message);

    /// <summary>The messages' senders, or null when no message names one (the common case of a back-end call, read without parsing).</summary>
    public static Agent[]? Read(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("userAgent"u8) < 0 && body.IndexOf("webdriver"u8) < 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            var messages = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object when root.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Array => batch,
                _ => default,
            };
            if (messages.ValueKind != JsonValueKind.Array)
            {
                return root.ValueKind == JsonValueKind.Object ? [Of(root)] : null;
            }

            var agents = new Agent[messages.GetArrayLength()];
            var i = 0;
            foreach (var message in messages.EnumerateArray())
            {
                agents[i++] = Of(message);
            }

            return agents;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Agent Of(JsonElement message)
    {
        string? userAgent = null;
        var webdriver = false;
        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object)
        {
            userAgent = context.TryGetProperty("userAgent", out var ua) && ua.ValueKind == JsonValueKind.String ? ua.GetString() : null;
            webdriver = context.TryGetProperty("webdriver", out var wd) && wd.ValueKind == JsonValueKind.True;
        }

        return new Agent(userAgent, webdriver, JsonMarshal.GetRawUtf8Value(message).ToArray());
    }
}
