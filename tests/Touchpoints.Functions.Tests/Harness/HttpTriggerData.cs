using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;
using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// The trigger metadata the host sends with an HTTP invocation, from the HTTP extension's binding data: the top-level
/// properties of a JSON object body, each query parameter, <c>Query</c> and <c>Headers</c> as JSON objects, and the route
/// values of the function's template (last, so they win). The request object itself (<c>$request</c>) is left out, as
/// the worker declares <c>RpcHttpTriggerMetadataRemoved</c>.
/// </summary>
internal static class HttpTriggerData
{
    /// <summary>The trigger metadata of <paramref name="request"/> for a function routed at <paramref name="routePrefix"/>/<paramref name="route"/>.</summary>
    /// <exception cref="InvalidOperationException">The request's path does not match the route.</exception>
    public static Dictionary<string, TypedData> Build(ClientHttpRequest request, string routePrefix, string route)
    {
        var metadata = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase);
        AddBodyProperties(request, metadata);

        var query = QueryHelpers.ParseQuery(request.Url.Query);
        var queryValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, parameter) in query)
        {
            queryValues[name] = parameter.ToString();
            metadata[name] = RpcValues.String(parameter.ToString());
        }

        metadata["Query"] = RpcValues.JsonOf(queryValues);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Host"] = request.Url.Authority };
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        if (request.ContentType is not null)
        {
            headers["Content-Type"] = request.ContentType;
        }

        metadata["Headers"] = RpcValues.JsonOf(headers);

        var template = string.IsNullOrEmpty(routePrefix) ? route : routePrefix + "/" + route;
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary()).TryMatch(new PathString(request.Url.AbsolutePath), values))
        {
            throw new InvalidOperationException($"{request.Url.AbsolutePath} does not match the route '{template}'.");
        }

        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                metadata[name] = RpcValues.String(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        return metadata;
    }

    private static void AddBodyProperties(ClientHttpRequest request, Dictionary<string, TypedData> metadata)
    {
        if (request.Body is not { Length: > 0 } body)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                metadata[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => RpcValues.String(property.Value.GetString() ?? string.Empty),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => RpcValues.String(property.Value.GetRawText()),
                    _ => RpcValues.RawJson(property.Value.GetRawText()),
                };
            }
        }
        catch (JsonException)
        {
            // The host reads body properties only from a JSON object body; anything else adds none.
        }
    }
}
