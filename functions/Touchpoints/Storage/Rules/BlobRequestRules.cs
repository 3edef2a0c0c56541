using Azure.Core;
using Azure.Storage.Blobs;

namespace Touchpoints.Storage.Rules;

/// <summary>The Blob half of <see cref="AzureStorageRulesPolicy"/>: container and blob names and metadata, from the request's URL and headers (bodies are not read).</summary>
internal static class BlobRequestRules
{
    /// <summary>The longest blob name, in characters.</summary>
    public const int MaxBlobNameChars = 1024;

    /// <summary>The largest metadata of a blob or container, names and values together, in bytes.</summary>
    public const int MaxMetadataBytes = 8 * 1024;

    /// <summary>The most index tags on one blob.</summary>
    public const int MaxTags = 10;

    /// <summary>The longest tag key, in characters.</summary>
    public const int MaxTagKeyChars = 128;

    /// <summary>The longest tag value, in characters.</summary>
    public const int MaxTagValueChars = 256;

    private const string MetadataPrefix = "x-ms-meta-";

    // Tags set with an upload or a copy travel in this header as a URL-encoded query string (Set Blob Tags sends XML, unused here).
    private const string TagsHeader = "x-ms-tags";

    public static void Check(Request request)
    {
        var address = new BlobUriBuilder(request.Uri.ToUri());
        var container = address.BlobContainerName;
        if (!string.IsNullOrEmpty(container) && container[0] != '$')
        {
            CheckContainerName(container);
        }

        if (address.BlobName is { Length: > MaxBlobNameChars } blobName)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.BlobNameTooLong,
                TableLimits.Invariant($"blob name '{blobName[..80]}…' is {blobName.Length} characters; the limit is {MaxBlobNameChars}"),
                container);
        }

        if (request.Headers.TryGetValue(TagsHeader, out var tags))
        {
            CheckTags(tags, container);
        }

        var metadataBytes = 0;
        foreach (var header in request.Headers)
        {
            if (!header.Name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = header.Name[MetadataPrefix.Length..];
            if (!IsIdentifier(name))
            {
                throw new AzureStorageRuleException(
                    AzureStorageRule.MetadataNameInvalid,
                    $"metadata name '{name}' is not a valid C# identifier",
                    container);
            }

            metadataBytes += System.Text.Encoding.UTF8.GetByteCount(name) + System.Text.Encoding.UTF8.GetByteCount(header.Value);
        }

        if (metadataBytes > MaxMetadataBytes)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.MetadataTooLarge,
                TableLimits.Invariant($"the metadata is {metadataBytes} bytes; the limit is {MaxMetadataBytes} (8 KiB)"),
                container);
        }
    }

    private static void CheckTags(string header, string? container)
    {
        var tags = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(header.Length == 0 || header[0] == '?' ? header : "?" + header);
        if (tags.Count > MaxTags)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.BlobTagsTooMany,
                TableLimits.Invariant($"the blob has {tags.Count} index tags; the limit is {MaxTags}"),
                container);
        }

        foreach (var (key, values) in tags)
        {
            var value = values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
            if (key.Length is 0 or > MaxTagKeyChars || value.Length > MaxTagValueChars || !IsTagText(key) || !IsTagText(value) || values.Count > 1)
            {
                throw new AzureStorageRuleException(
                    AzureStorageRule.BlobTagInvalid,
                    TableLimits.Invariant($"index tag '{(key.Length > 40 ? key[..40] + "…" : key)}' breaks the limits: key 1-{MaxTagKeyChars} characters, value at most {MaxTagValueChars}, once, of a-z A-Z 0-9 space + - . / : = _"),
                    container);
            }
        }
    }

    private static bool IsTagText(string text) =>
        text.All(static c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '+' or '-' or '.' or '/' or ':' or '=' or '_');

    private static void CheckContainerName(string name)
    {
        var valid = name.Length is >= 3 and <= 63
            && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0])
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal)
            && name.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!valid)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.ContainerNameInvalid,
                $"container name '{name}' must be 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit",
                name);
        }
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(static c => char.IsLetterOrDigit(c) || c == '_');
}
