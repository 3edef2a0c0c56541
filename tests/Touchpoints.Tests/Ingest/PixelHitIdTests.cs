using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class PixelHitIdTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_WhenTheSameRequestIsRetriedSecondsLater_ThenSameId()
    {
        Assert.Equal(PixelHitId.Create("?e=Ad+Viewed&aid=a", At.AddSeconds(1)), PixelHitId.Create("?e=Ad+Viewed&aid=a", At.AddSeconds(9)));
    }

    [Fact]
    public void Create_WhenTheCacheBusterDiffers_ThenAnotherId()
    {
        Assert.NotEqual(PixelHitId.Create("?e=Ad+Viewed&aid=a&cb=1", At), PixelHitId.Create("?e=Ad+Viewed&aid=a&cb=2", At));
    }

    [Fact]
    public void Create_WhenAnIdenticalHitArrivesInALaterWindow_ThenAnotherId()
    {
        Assert.NotEqual(PixelHitId.Create("?e=Ad+Viewed&aid=a", At), PixelHitId.Create("?e=Ad+Viewed&aid=a", At + PixelHitId.Window));
    }

    [Fact]
    public void FromQuery_WhenMidIsSent_ThenItWinsOverTheHitId()
    {
        var json = PixelDecoder.FromQuery(PixelDecoderTests.Query("e=x&aid=a&mid=m-1"), null, "px-hit");

        Assert.Equal("m-1", Assert.Single(TouchpointReader.Read(json, null, At).Touchpoints).MessageId);
    }

    [Fact]
    public void TryFromSegmentData_WhenTheMessageHasNoId_ThenTheHitIdIsUsed()
    {
        var data = Convert.ToBase64String("""{"userId":"u","event":"x"}"""u8.ToArray());

        Assert.True(PixelDecoder.TryFromSegmentData(data, null, out var message, out _, "px-hit"));

        Assert.Equal("px-hit", Assert.Single(TouchpointReader.Read(message, TouchpointType.Track, At).Touchpoints).MessageId);
    }
}
