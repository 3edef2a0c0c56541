namespace Touchpoints.Functions.Tests.Harness;

/// <summary>An HTTP request as a client sends it to the Function app's public address (the host's front end).</summary>
/// <param name="Method">The method.</param>
/// <param name="Url">The public URL, with the host's route prefix (<c>https://app.example/api/t.gif?...</c>).</param>
internal sealed record ClientHttpRequest(HttpMethod Method, Uri Url)
{
    /// <summary>The client's headers (not <c>Host</c>: that is the URL's authority).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body, if any.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The body's content type, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>The client's address, as the front end saw it.</summary>
    public string ClientAddress { get; init; } = "203.0.113.7";
}
