namespace Touchpoints.Ingest;

/// <summary>The user-agent list (<see cref="BotFilterOptions.UserAgentListPath"/>) is missing or malformed; the message names the file and the entry.</summary>
public sealed class BotUserAgentListException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BotUserAgentListException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BotUserAgentListException()
        : this("The bot user-agent list is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public BotUserAgentListException(string message)
        : this(message, null)
    {
    }
}
