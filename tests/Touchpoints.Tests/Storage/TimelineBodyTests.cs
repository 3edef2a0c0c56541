using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// Every message the reader accepts (up to 32 KiB in any script) is stored in its timeline row and read back intact,
/// through the writer, an identity merge's replay and the customer read, on a client held to Azure's limits.
/// </summary>
public sealed class TimelineBodyTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly StorageTestContext _context = new(azurite);

    // 11,000 Cyrillic letters are 22,000 UTF-8 bytes; escaped as \uXXXX they were 66,000, over the 64 KiB property limit.
    public static TheoryData<string, int> LargeTexts => new()
    {
        { "cyrillic", 11_000 },
        { "emoji", 8_000 },
    };

    [Theory]
    [MemberData(nameof(LargeTexts))]
    public async Task WriteAsync_WhenAnAcceptedMessageIsLargeNonAsciiText_StoresAndReadsItBackIntact(string script, int count)
    {
        // Arrange
        var text = LargeText(script, count);
        var touchpoint = ReadOne(Message("u-" + script, null, text));

        // Act
        var applied = await _context.NewWriter().WriteAsync([touchpoint], TestContext.Current.CancellationToken);
        var stored = await _context.NewStore().GetAsync("u-" + script, 10, null, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(applied[0]);
        Assert.NotNull(stored);
        Assert.Equal(text, Assert.Single(stored.Timeline).Properties.GetProperty("text").GetString());
    }

    [Fact]
    public async Task WriteAsync_WhenAnAnonymousHistoryOfLargeCyrillicMessagesIsIdentified_ReplaysItIntact()
    {
        // Arrange
        var text = LargeText("cyrillic", 11_000);
        var writer = _context.NewWriter();
        await writer.WriteAsync([ReadOne(Message(null, "anon-ru", text))], TestContext.Current.CancellationToken);
        var identify = ReadOne(Encoding.UTF8.GetBytes("""{"type":"identify","userId":"u-ru","anonymousId":"anon-ru","messageId":"identify-1","timestamp":"2026-03-02T11:00:00Z"}"""), TouchpointType.Identify);

        // Act
        await writer.WriteAsync([identify], TestContext.Current.CancellationToken);
        var stored = await _context.NewStore().GetAsync("u-ru", 10, null, TestContext.Current.CancellationToken);

        // Assert
        Assert.NotNull(stored);
        var moved = stored.Timeline.Single(static t => t.Type == TouchpointType.Track);
        Assert.Equal(text, moved.Properties.GetProperty("text").GetString());
    }

    [Fact]
    public async Task GetAsync_WhenATimelineRowHasTheEarlierEscapedBody_ReadsItWithTheSameReader()
    {
        // Arrange: a row as written before bodies kept non-ASCII text unescaped.
        var text = "Привет, мир";
        var touchpoint = ReadOne(Message("u-old", null, text));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            TouchpointJson.Write(json, touchpoint, TouchpointJsonNames.Compact);
        }

        await _context.NewWriter().WriteAsync([touchpoint], TestContext.Current.CancellationToken);
        var key = TableKeys.Customer("u-old", anonymous: false);
        await _context.Client.UpsertEntityAsync(
            TimelineEntity.ToEntity(_context.Table.PartitionOf(key), key, touchpoint, buffer.ToArray()),
            TableUpdateMode.Replace,
            TestContext.Current.CancellationToken);

        // Act
        var stored = await _context.NewStore().GetAsync("u-old", 10, null, TestContext.Current.CancellationToken);

        // Assert
        Assert.Contains("\\u041F", Encoding.UTF8.GetString(buffer.ToArray()), StringComparison.Ordinal);
        Assert.NotNull(stored);
        Assert.Equal(text, Assert.Single(stored.Timeline).Properties.GetProperty("text").GetString());
    }

    internal static string LargeText(string script, int count) => script == "emoji"
        ? string.Concat(Enumerable.Repeat("😀", count))
        : new string(Enumerable.Range(0, count).Select(static i => (char)('а' + (i % 32))).ToArray());

    internal static byte[] Message(string? userId, string? anonymousId, string text)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "track");
            json.WriteString("event", "Review Written");
            json.WriteString("messageId", "big-1");
            if (userId is not null)
            {
                json.WriteString("userId", userId);
            }

            if (anonymousId is not null)
            {
                json.WriteString("anonymousId", anonymousId);
            }

            json.WriteString("timestamp", "2026-03-02T10:00:00Z");
            json.WriteStartObject("properties");
            json.WritePropertyName("text");
            // Raw, as a client sends it: even the relaxed encoder would escape 4-byte characters as surrogate pairs.
            // The texts hold letters and emoji only, so quoting them is valid JSON.
            json.WriteRawValue("\"" + text + "\"", skipInputValidation: true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static Touchpoint ReadOne(byte[] body, TouchpointType type = TouchpointType.Track)
    {
        var payload = TouchpointReader.Read(body, type, ReceivedAt);
        Assert.True(payload.IsValid, string.Join("; ", payload.Errors.Select(static e => e.Field + ": " + e.Message)));
        Assert.True(body.Length <= TouchpointLimits.MaxMessageBytes, $"the test message is {body.Length} bytes");
        return Assert.Single(payload.Touchpoints);
    }
}
