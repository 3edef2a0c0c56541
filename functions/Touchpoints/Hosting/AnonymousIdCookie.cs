using Microsoft.AspNetCore.Http;

namespace Touchpoints.Hosting;

/// <summary>
/// The pixel's first-party anonymous id: read from the cookie when a request carries no id, or created and set
/// (SameSite=Lax, HttpOnly, Secure over HTTPS, one year) so the same browser keeps one id across pages.
/// </summary>
internal sealed class AnonymousIdCookie(HttpRequest request, TouchpointOptions options)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly System.Buffers.SearchValues<char> IdCharacters = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF-_");
    private string? _created;

    public bool Enabled => options.AnonymousIdCookie;

    /// <summary>The cookie's id when it holds a well-formed one, else a new id that <see cref="WriteIfCreated"/> will set.</summary>
    public string? GetOrCreate()
    {
        if (request.Cookies.TryGetValue(options.AnonymousIdCookieName, out var existing) && IsWellFormed(existing))
        {
            return existing;
        }

        return _created ??= Guid.NewGuid().ToString("N");
    }

    /// <summary>Sets the cookie on the response when an id was created for this request.</summary>
    public void WriteIfCreated()
    {
        if (_created is null)
        {
            return;
        }

        request.HttpContext.Response.Cookies.Append(options.AnonymousIdCookieName, _created, new CookieOptions
        {
            HttpOnly = true,
            Secure = request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = Lifetime,
            Path = "/",
            IsEssential = false,
        });
    }

    // Only ids this server could have made, so a forged cookie cannot inject arbitrary text into keys.
    private static bool IsWellFormed(string? id) =>
        id is { Length: >= 8 and <= 64 } && id.AsSpan().IndexOfAnyExcept(IdCharacters) < 0;
}
