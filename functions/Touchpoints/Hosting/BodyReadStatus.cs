namespace Touchpoints.Hosting;

/// <summary>How reading a request body went.</summary>
internal enum BodyReadStatus
{
    Ok,
    TooLarge,
    UnsupportedEncoding,
    Malformed,
}
