using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Touchpoints.Ingest;

/// <summary>Source-generated serialization of the node types the pixel decoder rewrites.</summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class PixelJsonContext : JsonSerializerContext;
