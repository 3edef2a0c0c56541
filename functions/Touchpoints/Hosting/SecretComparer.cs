using System.Security.Cryptography;
using System.Text;

namespace Touchpoints.Hosting;

/// <summary>Compares presented secrets (write keys, admin keys) with configured ones in constant time.</summary>
public static class SecretComparer
{
    /// <summary>
    /// Whether <paramref name="candidate"/> equals one of <paramref name="secrets"/>. Both sides are hashed first so the
    /// comparison takes the same time whatever the lengths, and every secret is compared, so timing does not tell which
    /// one matched or how much of it.
    /// </summary>
    public static bool Matches(string? candidate, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[32];
        Span<byte> known = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate), presented);
        var match = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            SHA256.HashData(Encoding.UTF8.GetBytes(secret), known);
            match |= CryptographicOperations.FixedTimeEquals(presented, known);
        }

        return match;
    }
}
