namespace Touchpoints.Testing;

/// <summary>What <see cref="FaultProxy"/> does to one HTTP request passing through it.</summary>
public enum FaultKind
{
    /// <summary>Forwarded untouched.</summary>
    None,

    /// <summary>The connection is reset before the request reaches the service: nothing happened there.</summary>
    ResetBeforeRequest,

    /// <summary>The request reaches the service, whose answer is replaced by a reset: it happened, and the client cannot know.</summary>
    ResetBeforeResponse,

    /// <summary>The request reaches the service and half of the answer's first chunk is sent before the reset.</summary>
    CutResponse,

    /// <summary>The request is held for the proxy's bounded stall, then forwarded.</summary>
    Stall,
}
