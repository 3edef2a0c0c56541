using System.Text;

namespace Touchpoints.Storage.Rules;

/// <summary>
/// Reads the actions out of an entity group transaction's body: a <c>multipart/mixed</c> batch holding one changeset
/// whose parts are <c>application/http</c> requests (request line, headers, blank line, JSON body).
/// </summary>
internal static class TableBatchBody
{
    /// <exception cref="FormatException">The body holds no changeset.</exception>
    public static IReadOnlyList<TableBatchOperation> Parse(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        var boundary = ChangesetBoundary(text) ?? throw new FormatException("The transaction's body names no changeset boundary.");
        var delimiter = "--" + boundary;
        var operations = new List<TableBatchOperation>();
        var parts = text.Split(delimiter, StringSplitOptions.None);
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            operations.Add(ParseOperation(part));
        }

        return operations;
    }

    private static string? ChangesetBoundary(string text)
    {
        // The batch's own boundary is in the request's Content-Type header; the body names the changeset's.
        var at = text.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var start = at + "boundary=".Length;
        var end = start;
        while (end < text.Length && text[end] is not '\r' and not '\n' and not ';' and not ' ')
        {
            end++;
        }

        return text[start..end].Trim('"');
    }

    private static TableBatchOperation ParseOperation(string part)
    {
        var reader = new StringReader(part.TrimStart('\r', '\n'));

        // The part's MIME headers (Content-Type: application/http, Content-Transfer-Encoding: binary).
        while (reader.ReadLine() is { Length: > 0 })
        {
        }

        var requestLine = reader.ReadLine() ?? throw new FormatException("A changeset part holds no request line.");
        var fields = requestLine.Split(' ', 3);
        if (fields.Length < 2)
        {
            throw new FormatException($"A changeset part's request line is '{requestLine}'.");
        }

        var hasIfMatch = false;
        while (reader.ReadLine() is { Length: > 0 } header)
        {
            hasIfMatch |= header.StartsWith("If-Match:", StringComparison.OrdinalIgnoreCase);
        }

        var content = reader.ReadToEnd().TrimEnd('\r', '\n');
        return new TableBatchOperation(fields[0], fields[1], hasIfMatch, Encoding.UTF8.GetBytes(content));
    }
}
