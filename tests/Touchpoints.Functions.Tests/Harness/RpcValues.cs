using System.Text.Json;
using Google.Protobuf;
using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// Binding values in the wire forms the host's <c>ToRpc</c> gives them for a worker that declares
/// <c>TypedDataCollection</c> and <c>IncludeEmptyEntriesInMessagePayload</c>: <c>string</c> as String,
/// <c>byte[]</c> as Bytes, <c>string[]</c>/<c>long[]</c>/<c>byte[][]</c> as the collection types (empty strings kept,
/// so arrays stay aligned with the batch), anything else as Json (the host uses Newtonsoft; the harness writes the
/// same JSON shapes with System.Text.Json).
/// </summary>
internal static class RpcValues
{
    private static readonly JsonSerializerOptions Json = new();

    /// <summary>A string.</summary>
    public static TypedData String(string value) => new() { String = value };

    /// <summary>An object as JSON text.</summary>
    public static TypedData JsonOf<T>(T value) => new() { Json = JsonSerializer.Serialize(value, Json) };

    /// <summary>JSON text as it is.</summary>
    public static TypedData RawJson(string json) => new() { Json = json };

    /// <summary>A <c>string[]</c>.</summary>
    public static TypedData Strings(IEnumerable<string?> values)
    {
        var collection = new CollectionString();
        foreach (var value in values)
        {
            collection.String.Add(value ?? string.Empty);
        }

        return new TypedData { CollectionString = collection };
    }

    /// <summary>A <c>long[]</c>.</summary>
    public static TypedData Int64s(IEnumerable<long> values)
    {
        var collection = new CollectionSInt64();
        collection.Sint64.AddRange(values);
        return new TypedData { CollectionSint64 = collection };
    }

    /// <summary>A <c>byte[][]</c>.</summary>
    public static TypedData ByteArrays(IEnumerable<byte[]> values)
    {
        var collection = new CollectionBytes();
        foreach (var value in values)
        {
            collection.Bytes.Add(ByteString.CopyFrom(value));
        }

        return new TypedData { CollectionBytes = collection };
    }
}
