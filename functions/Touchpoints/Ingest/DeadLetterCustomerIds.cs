using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Touchpoints.Ingest;

/// <summary>
/// The customer ids a dead letter's body names, read leniently (a dead letter is often malformed, so whatever can be
/// read counts): <c>userId</c>, <c>anonymousId</c> and <c>previousId</c> of a JSON message and of the items of its
/// <c>batch</c>; for a pixel (the body is the path and query string) the <c>uid</c> and <c>aid</c> parameters and the
/// ids in the base64 JSON of the <c>data</c> parameter (see <see cref="PixelDecoder"/>).
/// </summary>
internal static class DeadLetterCustomerIds
{
    private static readonly string[] IdFields = ["userId", "anonymousId", "previousId"];

    /// <summary>The distinct ids (ordinal, in order of appearance); empty when the body names none or cannot be read.</summary>
    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> body)
    {
        var ids = new List<string>();
        var start = body.TrimStart(" \t\r\n"u8);
        if (start.Length > 0 && start[0] is (byte)'{' or (byte)'[')
        {
            ReadJson(start, ids);
        }
        else
        {
            ReadPixel(body, ids);
        }

        return ids;
    }

    private static void ReadPixel(ReadOnlySpan<byte> body, List<string> ids)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return;
        }

        var queryAt = text.IndexOf('?', StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(queryAt < 0 ? text : text[queryAt..]);
        foreach (var field in (string[])["uid", "aid"])
        {
            if (query.TryGetValue(field, out var values))
            {
                foreach (var value in values)
                {
                    Add(ids, value);
                }
            }
        }

        if (query.TryGetValue("data", out var data) && data.Count > 0
            && PixelDecoder.TryFromSegmentData(data[0], anonymousIdWhenMissing: null, out var message, out _))
        {
            ReadJson(message, ids);
        }
    }

    private static void ReadJson(ReadOnlySpan<byte> json, List<string> ids)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            ReadMessage(root, ids);
            var items = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Array ? batch
                : default;
            if (items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    ReadMessage(item, ids);
                }
            }
        }
    }

    private static void ReadMessage(JsonElement message, List<string> ids)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var field in IdFields)
        {
            if (message.TryGetProperty(field, out var value))
            {
                // Ingest accepts numeric ids as their text, so a dead letter's number is the same customer.
                Add(ids, value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    _ => null,
                });
            }
        }
    }

    private static void Add(List<string> ids, string? id)
    {
        if (!string.IsNullOrEmpty(id) && !ids.Contains(id, StringComparer.Ordinal))
        {
            ids.Add(id);
        }
    }
}
