namespace Touchpoints.Hosting;

/// <summary>Who may call an HTTP endpoint, in both hosts.</summary>
public enum EndpointAccess
{
    /// <summary>
    /// Anyone: browsers, pixels and SDKs. The handler checks whatever credential the protocol carries (the write key).
    /// Azure Functions: <c>AuthorizationLevel.Anonymous</c>.
    /// </summary>
    Anonymous,

    /// <summary>
    /// Operators only. Azure Functions: <c>AuthorizationLevel.Function</c> (a function or host key); the local server:
    /// its admin key, or loopback callers when none is set.
    /// </summary>
    Function,
}
