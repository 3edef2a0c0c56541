namespace Touchpoints.Storage.Rules;

/// <summary>
/// What a Table request's path addresses: the table list (<c>Tables</c>), a transaction (<c>$batch</c>), a table's
/// entities (<c>name</c> or <c>name()</c>), or one entity (<c>name(PartitionKey='…',RowKey='…')</c>, quotes doubled).
/// </summary>
internal readonly record struct TableRequestTarget(string Name, string? PartitionKey, string? RowKey)
{
    public bool IsTableList => Name == "Tables";

    public bool IsBatch => Name == "$batch";

    public bool IsEntity => PartitionKey is not null && RowKey is not null;

    /// <summary>Reads the target of an escaped path, or of an absolute URL as transactions name their actions.</summary>
    public static TableRequestTarget Parse(string pathOrUrl)
    {
        ArgumentNullException.ThrowIfNull(pathOrUrl);
        var path = pathOrUrl;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        if (path.Length == 0)
        {
            return new TableRequestTarget(string.Empty, null, null);
        }

        // Keys may hold '/' (that is one of the rules): the last segment starts at the last '/' before the first '('.
        var open = path.IndexOf('(', StringComparison.Ordinal);
        var start = path.LastIndexOf('/', open < 0 ? path.Length - 1 : open) + 1;
        var segment = Uri.UnescapeDataString(path[start..]);
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        if (paren < 0)
        {
            return new TableRequestTarget(segment, null, null);
        }

        var name = segment[..paren];
        var arguments = segment[(paren + 1)..].TrimEnd(')');
        return new TableRequestTarget(name, Argument(arguments, "PartitionKey"), Argument(arguments, "RowKey"));
    }

    private static string? Argument(string arguments, string name)
    {
        var at = arguments.IndexOf(name + "='", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var builder = new System.Text.StringBuilder();
        for (var i = at + name.Length + 2; i < arguments.Length; i++)
        {
            if (arguments[i] == '\'')
            {
                if (i + 1 < arguments.Length && arguments[i + 1] == '\'')
                {
                    builder.Append('\'');
                    i++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(arguments[i]);
        }

        return builder.ToString();
    }
}
