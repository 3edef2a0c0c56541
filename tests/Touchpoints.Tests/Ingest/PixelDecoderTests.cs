using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class PixelDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromQuery_WhenShortParameters_ThenSegmentMessageTheReaderAccepts()
    {
        // Arrange
        var query = Query("uid=u1&e=Email+Opened&ch=email&mid=m1&ts=1767261600000&p.price=19.90&p.zip=007&p.name=x&utm_source=news&utm_medium=email&utm_campaign=winter&wk=k&cb=123");

        // Act
        var json = PixelDecoder.FromQuery(query, anonymousIdWhenMissing: null);
        var payload = TouchpointReader.Read(json, impliedType: null, Now);

        // Assert
        Assert.True(payload.IsValid, string.Join("; ", payload.Errors));
        var touchpoint = Assert.Single(payload.Touchpoints);
        Assert.Equal(TouchpointType.Track, touchpoint.Type);
        Assert.Equal("Email Opened", touchpoint.Event);
        Assert.Equal("u1", touchpoint.UserId);
        Assert.Equal("m1", touchpoint.MessageId);
        Assert.Equal("email", touchpoint.Channel);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), touchpoint.Timestamp);
        Assert.Equal(JsonValueKind.Number, touchpoint.Properties.GetProperty("price").ValueKind);
        Assert.Equal("19.90", touchpoint.Properties.GetProperty("price").GetRawText());
        Assert.Equal("007", touchpoint.Properties.GetProperty("zip").GetString());
        Assert.Equal("k", payload.WriteKey);
        using var message = JsonDocument.Parse(json);
        Assert.Equal("winter", message.RootElement.GetProperty("context").GetProperty("campaign").GetProperty("name").GetString());
    }

    [Fact]
    public void FromQuery_WhenTypeIsPage_ThenEventBecomesTheName()
    {
        // Act
        var json = PixelDecoder.FromQuery(Query("t=page&aid=a1&e=Pricing"), null);

        // Assert
        var touchpoint = Assert.Single(TouchpointReader.Read(json, null, Now).Touchpoints);
        Assert.Equal(TouchpointType.Page, touchpoint.Type);
        Assert.Equal("Pricing", touchpoint.Event);
    }

    [Fact]
    public void FromQuery_WhenNoIds_ThenUsesTheCookieId()
    {
        // Act
        var json = PixelDecoder.FromQuery(Query("e=Ad+Viewed"), static () => "cookie-id-1");

        // Assert
        Assert.Equal("cookie-id-1", Assert.Single(TouchpointReader.Read(json, null, Now).Touchpoints).AnonymousId);
    }

    [Fact]
    public void FromQuery_WhenIdsPresent_ThenCookieIsNotAskedFor()
    {
        // Arrange
        var asked = false;

        // Act
        PixelDecoder.FromQuery(Query("uid=u&e=x"), () => { asked = true; return "c"; });

        // Assert
        Assert.False(asked);
    }

    [Fact]
    public void FromQuery_WhenNoIdsAndNoCookie_ThenReaderNamesUserId()
    {
        // Act
        var payload = TouchpointReader.Read(PixelDecoder.FromQuery(Query("e=x"), null), null, Now);

        // Assert
        Assert.Contains(payload.Errors, static e => e.Field == "userId");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryFromSegmentData_WhenBase64OrUrlSafe_ThenDecodes(bool urlSafe)
    {
        // Arrange
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"userId":"u?>","event":"Order Completed"}"""));
        if (urlSafe)
        {
            data = data.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        // Act
        var ok = PixelDecoder.TryFromSegmentData(data, null, out var message, out var error);

        // Assert
        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal("u?>", Assert.Single(TouchpointReader.Read(message, TouchpointType.Track, Now).Touchpoints).UserId);
    }

    [Fact]
    public void TryFromSegmentData_WhenNoIds_ThenAddsTheCookieId()
    {
        // Arrange
        var data = Convert.ToBase64String("""{"event":"Order Completed"}"""u8.ToArray());

        // Act
        PixelDecoder.TryFromSegmentData(data, static () => "cookie-2", out var message, out _);

        // Assert
        Assert.Equal("cookie-2", Assert.Single(TouchpointReader.Read(message, TouchpointType.Track, Now).Touchpoints).AnonymousId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("!!not base64!!")]
    public void TryFromSegmentData_WhenMissingOrNotBase64_ThenFieldErrorOnData(string? data)
    {
        // Act
        var ok = PixelDecoder.TryFromSegmentData(data, null, out _, out var error);

        // Assert
        Assert.False(ok);
        Assert.Equal("data", error?.Field);
    }

    internal static QueryCollection Query(string query) =>
        new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));
}
