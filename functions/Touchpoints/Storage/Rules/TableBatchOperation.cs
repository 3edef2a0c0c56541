namespace Touchpoints.Storage.Rules;

/// <summary>One action of an entity group transaction as its multipart body carries it.</summary>
internal sealed record TableBatchOperation(string Method, string Url, bool HasIfMatch, ReadOnlyMemory<byte> Body);
