using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>
/// Reads Segment Spec messages (single, array, or <c>{"batch": [...]}</c>) into validated <see cref="Touchpoint"/>s.
/// Pure: the caller supplies the receive time, so the same bytes received at the same time give the same result.
/// </summary>
public static class TouchpointReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };
    private static readonly SearchValues<byte> JsonWhitespace = SearchValues.Create(" \t\r\n"u8);

    /// <summary>Reads a whole body.</summary>
    /// <param name="body">The UTF-8 JSON body, already decompressed.</param>
    /// <param name="impliedType">The type the route implies (<c>/v1/track</c>), or null for batch and event bodies.</param>
    /// <param name="receivedAt">When the body arrived; the base of clock-skew correction.</param>
    /// <param name="policy">What is kept of context and traits and how channels are inferred; null for <see cref="ContextPolicy.Default"/>.</param>
    public static TouchpointPayload Read(ReadOnlySpan<byte> body, TouchpointType? impliedType, DateTimeOffset receivedAt, ContextPolicy? policy = null)
    {
        if (body.Length > TouchpointLimits.MaxBatchBytes)
        {
            return Rejected(new FieldError("$", $"the body is {body.Length} bytes; the limit is {TouchpointLimits.MaxBatchBytes}"), tooLarge: true);
        }

        // Beacons and some SDKs prefix a UTF-8 byte order mark.
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        JsonDocument document;
        int consumed;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
            consumed = checked((int)reader.BytesConsumed);
        }
        catch (JsonException ex)
        {
            return Rejected(new FieldError("$", $"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"));
        }

        using (document)
        {
            // The parser stops after the first value: anything but whitespace after it is a second value or garbage.
            var trailing = body[consumed..].IndexOfAnyExcept(JsonWhitespace);
            if (trailing >= 0)
            {
                return Rejected(new FieldError("$", $"the body has content after its JSON value, at byte {consumed + trailing + 1}; send one value (an array or a 'batch' object for many messages)"));
            }

            // The parser accepts strings that cannot become text (invalid UTF-8, a lone surrogate escape such as "\ud83d"); reading them later would throw.
            if (JsonText.FindUnreadableString(document.RootElement) is { } unreadable)
            {
                return Rejected(new FieldError(unreadable, "is not valid text: invalid UTF-8 or an unpaired UTF-16 surrogate"));
            }

            return Read(document.RootElement, impliedType, receivedAt, policy);
        }
    }

    /// <summary>Reads an already parsed body.</summary>
    public static TouchpointPayload Read(JsonElement root, TouchpointType? impliedType, DateTimeOffset receivedAt, ContextPolicy? policy = null)
    {
        policy ??= ContextPolicy.Default;
        var errors = new List<FieldError>();
        var touchpoints = new List<Touchpoint>();
        string? writeKey = null;
        var tooLarge = false;

        if (impliedType is { } single && (root.ValueKind == JsonValueKind.Array || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out _))))
        {
            errors.Add(new FieldError("$", $"the '{single.ToString().ToLowerInvariant()}' route takes one message object; send many to the batch route"));
        }
        else if (root.ValueKind == JsonValueKind.Array)
        {
            ReadMessages(root, "$", impliedType, receivedAt, batchSentAt: null, policy, touchpoints, errors, ref tooLarge);
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out var batch))
        {
            writeKey = OptionalString(root, "writeKey", "writeKey", errors);
            var sentAt = OptionalTime(root, "sentAt", "sentAt", errors);
            if (batch.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new FieldError("batch", "must be an array of messages"));
            }
            else
            {
                ReadMessages(batch, "batch", impliedType, receivedAt, sentAt, policy, touchpoints, errors, ref tooLarge);
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            writeKey = OptionalString(root, "writeKey", "writeKey", errors);
            var touchpoint = ReadMessage(root, string.Empty, impliedType, receivedAt, batchSentAt: null, policy, errors, ref tooLarge);
            if (touchpoint is not null)
            {
                touchpoints.Add(touchpoint);
            }
        }
        else
        {
            errors.Add(new FieldError("$", "must be a message object, an array of messages, or an object with a 'batch' array"));
        }

        return errors.Count == 0
            ? new TouchpointPayload(touchpoints, [], writeKey, tooLarge: false)
            : new TouchpointPayload([], errors, writeKey, tooLarge);
    }

    private static void ReadMessages(
        JsonElement array, string path, TouchpointType? impliedType, DateTimeOffset receivedAt, DateTimeOffset? batchSentAt, ContextPolicy policy,
        List<Touchpoint> touchpoints, List<FieldError> errors, ref bool tooLarge)
    {
        if (array.GetArrayLength() == 0)
        {
            errors.Add(new FieldError(path, "holds no messages"));
            return;
        }

        var index = 0;
        foreach (var message in array.EnumerateArray())
        {
            var touchpoint = ReadMessage(message, $"{path}[{index}]", impliedType, receivedAt, batchSentAt, policy, errors, ref tooLarge);
            if (touchpoint is not null)
            {
                touchpoints.Add(touchpoint);
            }

            index++;
        }
    }

    private static Touchpoint? ReadMessage(
        JsonElement message, string path, TouchpointType? impliedType, DateTimeOffset receivedAt, DateTimeOffset? batchSentAt, ContextPolicy policy,
        List<FieldError> errors, ref bool tooLarge)
    {
        string Field(string name) => path.Length == 0 ? name : $"{path}.{name}";
        var before = errors.Count;

        if (message.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path.Length == 0 ? "$" : path, "must be a JSON object"));
            return null;
        }

        var raw = message.GetRawText();
        var size = Encoding.UTF8.GetByteCount(raw);
        if (size > TouchpointLimits.MaxMessageBytes)
        {
            tooLarge = true;
            errors.Add(new FieldError(path.Length == 0 ? "$" : path, $"the message is {size} bytes; the limit is {TouchpointLimits.MaxMessageBytes}"));
            return null;
        }

        var type = impliedType;
        var typeText = OptionalString(message, "type", Field("type"), errors);
        if (typeText is not null)
        {
            if (!Enum.TryParse<TouchpointType>(typeText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(typeText, out _))
            {
                errors.Add(new FieldError(Field("type"), $"'{Truncate(typeText)}' is not one of track, page, screen, identify, alias, group"));
            }
            else if (impliedType is not null && parsed != impliedType)
            {
                errors.Add(new FieldError(Field("type"), $"is '{typeText}' but this endpoint takes {impliedType.Value.ToString().ToLowerInvariant()} calls"));
            }
            else
            {
                type = parsed;
            }
        }
        else if (impliedType is null)
        {
            errors.Add(new FieldError(Field("type"), "is required: one of track, page, screen, identify, alias, group"));
        }

        var userId = OptionalId(message, "userId", Field("userId"), errors);
        var anonymousId = OptionalId(message, "anonymousId", Field("anonymousId"), errors);
        var previousId = OptionalId(message, "previousId", Field("previousId"), errors);
        var groupId = OptionalId(message, "groupId", Field("groupId"), errors);
        var messageId = OptionalId(message, "messageId", Field("messageId"), errors);

        if (userId is null && anonymousId is null && !(type == TouchpointType.Alias && previousId is not null))
        {
            errors.Add(new FieldError(Field("userId"), "either userId or anonymousId is required"));
        }

        if (type == TouchpointType.Alias)
        {
            if (userId is null)
            {
                errors.Add(new FieldError(Field("userId"), "is required for an alias call"));
            }

            if (previousId is null && anonymousId is null)
            {
                errors.Add(new FieldError(Field("previousId"), "is required for an alias call"));
            }
        }

        if (type == TouchpointType.Group && groupId is null)
        {
            errors.Add(new FieldError(Field("groupId"), "is required for a group call"));
        }

        string? eventName = type switch
        {
            TouchpointType.Track => OptionalString(message, "event", Field("event"), errors),
            TouchpointType.Page or TouchpointType.Screen => OptionalString(message, "name", Field("name"), errors),
            _ => null,
        };
        if (type == TouchpointType.Track && string.IsNullOrWhiteSpace(eventName) && errors.Count == before)
        {
            errors.Add(new FieldError(Field("event"), "is required for a track call"));
        }
        else if (eventName is not null && eventName.Length > TouchpointLimits.MaxEventLength)
        {
            errors.Add(new FieldError(Field(type == TouchpointType.Track ? "event" : "name"), $"is {eventName.Length} characters; the limit is {TouchpointLimits.MaxEventLength}"));
        }

        var timestamp = OptionalTime(message, "timestamp", Field("timestamp"), errors)
            ?? OptionalTime(message, "originalTimestamp", Field("originalTimestamp"), errors);
        var sentAt = OptionalTime(message, "sentAt", Field("sentAt"), errors) ?? batchSentAt;

        var properties = OptionalObject(message, "properties", Field("properties"), errors);
        var traits = OptionalObject(message, "traits", Field("traits"), errors);
        var context = OptionalObject(message, "context", Field("context"), errors);
        var contextTraits = context.ValueKind == JsonValueKind.Object ? OptionalObject(context, "traits", Field("context.traits"), errors) : default;
        var campaign = context.ValueKind == JsonValueKind.Object ? OptionalObject(context, "campaign", Field("context.campaign"), errors) : default;

        if (traits.ValueKind != JsonValueKind.Object)
        {
            traits = contextTraits;
        }

        var segment = StringOrNull(traits, "segment") ?? StringOrNull(traits, "persona") ?? StringOrNull(properties, "segment");
        if (segment is { Length: > TouchpointLimits.MaxSegmentLength })
        {
            errors.Add(new FieldError(Field("traits.segment"), $"is {segment.Length} characters; a segment name is at most {TouchpointLimits.MaxSegmentLength}"));
        }

        if (errors.Count != before || type is null)
        {
            return null;
        }

        var kept = ContextReader.Read(context, campaign, policy, out var pageHost);
        var channel = policy.Channels.Infer(StringOrNull(context, "channel") ?? StringOrNull(message, "channel"), kept, pageHost);

        // Segment's skew correction: trust the client's clock for the interval between the event and the send,
        // and the server's clock for when the send happened.
        var eventTime = timestamp ?? receivedAt;
        if (timestamp is not null && sentAt is not null)
        {
            eventTime = receivedAt - (sentAt.Value - timestamp.Value);
        }

        return new Touchpoint
        {
            MessageId = messageId ?? ContentId(raw),
            Type = type.Value,
            Event = string.IsNullOrWhiteSpace(eventName) ? null : eventName,
            UserId = userId,
            AnonymousId = anonymousId,
            PreviousId = previousId,
            GroupId = groupId,
            Timestamp = TruncateToMilliseconds(eventTime),
            Channel = channel,
            Properties = properties.ValueKind == JsonValueKind.Object ? properties.Clone() : default,
            Traits = ContextReader.KeptTraits(traits, policy),
            Context = kept,
            Segment = segment,
            Nps = Journeys.SurveyShape.DefaultNps.Read(eventName, properties),
            Csat = Journeys.SurveyShape.DefaultCsat.Read(eventName, properties),
        };
    }

    /// <summary>Truncates a time to whole milliseconds in UTC, the precision journeys order by.</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    // A message without a messageId (a hand-written pixel, a curl) gets one from its content, so a retried
    // identical request is still recognised as the same touchpoint.
    private static string ContentId(string raw)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(raw), hash);
        return "h-" + Convert.ToHexStringLower(hash[..16]);
    }

    private static string? StringOrNull(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static string? OptionalString(JsonElement obj, string name, string field, List<FieldError> errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(field, $"must be a string, not {Describe(value.ValueKind)}"));
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalId(JsonElement obj, string name, string field, List<FieldError> errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // Segment SDKs accept numeric user ids and send them as numbers; they are ids all the same.
        string? id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (id is null)
        {
            errors.Add(new FieldError(field, $"must be a string, not {Describe(value.ValueKind)}"));
            return null;
        }

        if (id.Length == 0 || string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        if (id.Length > TouchpointLimits.MaxIdLength)
        {
            errors.Add(new FieldError(field, $"is {id.Length} characters; the limit is {TouchpointLimits.MaxIdLength}"));
            return null;
        }

        return id;
    }

    private static DateTimeOffset? OptionalTime(JsonElement obj, string name, string field, List<FieldError> errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && time.Year is >= 2000 and <= 2200)
        {
            return time;
        }

        errors.Add(new FieldError(field, value.ValueKind == JsonValueKind.String
            ? $"'{Truncate(value.GetString())}' is not an ISO-8601 date-time between 2000 and 2200"
            : $"must be an ISO-8601 date-time string, not {Describe(value.ValueKind)}"));
        return null;
    }

    private static JsonElement OptionalObject(JsonElement obj, string name, string field, List<FieldError> errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return default;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, $"must be an object, not {Describe(value.ValueKind)}"));
            return default;
        }

        return value;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : text[..40] + "…";

    private static TouchpointPayload Rejected(FieldError error, bool tooLarge = false) => new([], [error], writeKey: null, tooLarge);
}
