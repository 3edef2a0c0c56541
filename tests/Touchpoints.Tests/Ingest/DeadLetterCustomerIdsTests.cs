using System.Text;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class DeadLetterCustomerIdsTests
{
    [Fact]
    public void Read_WhenTheBodyIsABatch_AnswersTheTopLevelAndEveryItemsIdsOnce()
    {
        var body = """{"userId":"top","batch":[{"anonymousId":"a1","userId":"u1"},{"type":"alias","previousId":"p1","userId":"u1"},{"userId":42},"junk"]}"""u8;

        Assert.Equal(["top", "u1", "a1", "p1", "42"], DeadLetterCustomerIds.Read(body));
    }

    [Fact]
    public void Read_WhenTheBodyIsAPixelPathAndQuery_AnswersUidAidAndTheIdsOfTheDataMessage()
    {
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"userId":"from-data","anonymousId":"anon-data"}""")).TrimEnd('=');
        var body = Encoding.UTF8.GetBytes($"/api/t.gif?uid=u%2B1&aid=dev%201&e=x&data={Uri.EscapeDataString(data)}");

        Assert.Equal(["u+1", "dev 1", "from-data", "anon-data"], DeadLetterCustomerIds.Read(body));
    }

    [Theory]
    [InlineData("""{"userId":"cut""")]
    [InlineData("not json and no query")]
    [InlineData("")]
    public void Read_WhenTheBodyNamesNoReadableId_AnswersNone(string body) =>
        Assert.Empty(DeadLetterCustomerIds.Read(Encoding.UTF8.GetBytes(body)));
}
