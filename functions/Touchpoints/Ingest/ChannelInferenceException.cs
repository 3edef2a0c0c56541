namespace Touchpoints.Ingest;

/// <summary>A channel inference file that cannot be used; the message names the file and every bad entry.</summary>
public sealed class ChannelInferenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChannelInferenceException(string source, IReadOnlyList<string> problems)
        : base($"Channel inference file {source} is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>The file (or other source) of the table.</summary>
    public new string Source { get; }

    /// <summary>Each problem, prefixed with the entry it concerns (<c>mediums.cpc</c>).</summary>
    public IReadOnlyList<string> Problems { get; }
}
