namespace Touchpoints.Journeys;

/// <summary>A funnel definition file that cannot be used; the message names the file, the rule and every problem.</summary>
public sealed class FunnelDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunnelDefinitionException(string source, IReadOnlyList<string> problems)
        : base($"Funnel definition {source} is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>The file (or other source) of the definition.</summary>
    public new string Source { get; }

    /// <summary>Each problem, prefixed with the JSON path it concerns.</summary>
    public IReadOnlyList<string> Problems { get; }
}
