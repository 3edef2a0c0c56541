using System.Text;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>Dead letters are tagged with hashed customer keys when written, and an erasure finds and deletes exactly theirs.</summary>
public sealed class DeadLetterEraserTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_TagsEachNamedIdByItsHashedKeyAndNeverByTheId()
    {
        // Arrange
        var token = TestContext.Current.CancellationToken;
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var sink = new BlobDeadLetterSink(container);

        // Act
        var name = await sink.WriteAsync(Letter("""{"batch":[{"userId":"tag-user","anonymousId":"tag-dev"}]}"""), token);

        // Assert
        var tags = (await container.GetBlobClient(name).GetTagsAsync(cancellationToken: token)).Value.Tags;
        Assert.Equal(["c" + CustomerKeyHash.Of("tag-dev"), "c" + CustomerKeyHash.Of("tag-user")], tags.Keys.Order(StringComparer.Ordinal));
        Assert.All(tags, static t => Assert.Equal("1", t.Value));
        Assert.DoesNotContain(tags, static t => t.Key.Contains("tag-", StringComparison.Ordinal) || t.Value.Contains("tag-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EraseAsync_DeletesTheLettersNamingAnErasedIdAndKeepsTheOthers()
    {
        // Arrange: a letter of the user, one of a linked device (a pixel), one of a bystander, one naming no id.
        var token = TestContext.Current.CancellationToken;
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var sink = new BlobDeadLetterSink(container);
        await sink.WriteAsync(Letter("""{"userId":"er-user","type":"bogus"}"""), token);
        await sink.WriteAsync(Letter("/api/t.gif?aid=er-dev&t=bogus", "pixel"), token);
        var bystander = await sink.WriteAsync(Letter("""{"userId":"er-bystander","type":"bogus"}"""), token);
        var anonymous = await sink.WriteAsync(Letter("""{"type":"bogus"}"""), token);

        // Act
        var deleted = await new DeadLetterEraser(container).EraseAsync(["er-user", "er-dev"], token);
        var again = await new DeadLetterEraser(container).EraseAsync(["er-user", "er-dev"], token);

        // Assert
        Assert.Equal(2, deleted);
        Assert.Equal(0, again);
        var left = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: token))
        {
            left.Add(blob.Name);
        }

        Assert.Equal(new[] { anonymous, bystander }.Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EraseAsync_WhenALetterNamesMoreIdsThanItHasTags_FindsItByAnIdPastTheTags()
    {
        // Arrange: 12 ids; only the first 9 get a tag.
        var token = TestContext.Current.CancellationToken;
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var items = string.Join(",", Enumerable.Range(0, 12).Select(static i => $$"""{"userId":"many-{{i}}"}"""));
        var name = await new BlobDeadLetterSink(container).WriteAsync(Letter($$"""{"batch":[{{items}}]}"""), token);
        var tags = (await container.GetBlobClient(name).GetTagsAsync(cancellationToken: token)).Value.Tags;

        // Act
        var deleted = await new DeadLetterEraser(container).EraseAsync(["many-11"], token);

        // Assert
        Assert.Equal(10, tags.Count);
        Assert.Equal(DeadLetterTags.OverflowValue, tags[DeadLetterTags.OverflowName]);
        Assert.Equal(1, deleted);
        Assert.False((await container.GetBlobClient(name).ExistsAsync(token)).Value);
    }

    [Fact]
    public async Task EraseAsync_WhenTheContainerWasNeverCreated_AnswersZero()
    {
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());

        Assert.Equal(0, await new DeadLetterEraser(container).EraseAsync(["nobody"], TestContext.Current.CancellationToken));
    }

    private static DeadLetter Letter(string body, string source = "eventhubs") =>
        new() { Source = source, Reason = "invalid", Body = Encoding.UTF8.GetBytes(body), ReceivedAt = At };
}
