using System.Security.Cryptography;
using System.Text;

namespace Touchpoints.Storage;

/// <summary>
/// The hashed customer key that stands for a customer id wherever the id itself must not be kept (blob index tags of
/// dead letters, suppression tombstones): the SHA-256 of a fixed prefix and the id's UTF-8, as 64 lowercase hex digits.
/// </summary>
/// <remarks>
/// The prefix keeps these hashes apart from any other SHA-256 of the same ids. It is fixed, not a secret: a guessed id
/// can be confirmed, so these keys are pseudonymous, not anonymous; they only keep the id out of places that are
/// indexed, listed or logged. Changing the prefix orphans every stored key.
/// </remarks>
internal static class CustomerKeyHash
{
    private const string Prefix = "touchpoints/customer/v1:";

    /// <summary>The hashed key of <paramref name="customerId"/>.</summary>
    public static string Of(string customerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(Prefix + customerId), hash);
        return Convert.ToHexStringLower(hash);
    }
}
