using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Touchpoints.Ingest;

namespace Touchpoints.Hosting;

/// <summary>
/// The responses of the HTTP handlers, written with <see cref="Utf8JsonWriter"/> so both hosts send the same bytes
/// whatever JSON options their DI containers hold.
/// </summary>
internal static class TouchpointResults
{
    public const string ProblemContentType = "application/problem+json";
    public const string JsonContentType = "application/json";

    private static readonly byte[] SuccessBody = """{"success":true}"""u8.ToArray();

    /// <summary>Segment's answer to an accepted call.</summary>
    public static IResult Success() => Results.Bytes(SuccessBody, JsonContentType);

    /// <summary>A JSON body already written.</summary>
    public static IResult Json(byte[] body, int statusCode = StatusCodes.Status200OK) =>
        statusCode == StatusCodes.Status200OK ? Results.Bytes(body, JsonContentType) : new StatusBytesResult(body, JsonContentType, statusCode);

    /// <summary>An RFC 9457 problem, with an <c>errors</c> array of <c>{field, message}</c> when there are field errors.</summary>
    public static IResult Problem(int status, string title, string? detail, IReadOnlyList<FieldError>? errors = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", $"https://httpstatuses.io/{status}");
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            if (detail is not null)
            {
                writer.WriteString("detail", detail);
            }

            if (errors is { Count: > 0 })
            {
                writer.WriteStartArray("errors");
                foreach (var error in errors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("field", error.Field);
                    writer.WriteString("message", error.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return new StatusBytesResult(buffer.WrittenSpan.ToArray(), ProblemContentType, status);
    }

    /// <summary>Bytes with a status code and content type (the built-in bytes result is always 200).</summary>
    private sealed class StatusBytesResult(byte[] body, string contentType, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}
