using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Storage.Writing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage.Writing;

public sealed class ActionSizeEstimatorTests
{
    [Fact]
    public void Estimate_WhenTheBodyIsBinary_CountsItsBase64()
    {
        var body = new byte[30_000];
        var action = new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("b000", "t|u:x|m") { ["Body"] = body });

        var estimate = ActionSizeEstimator.Estimate(action);

        Assert.InRange(estimate, 40_000, 40_000 + 2048);
    }

    [Fact]
    public void Estimate_WhenAStringHoldsCharactersJsonEscapes_CountsTheirEscapes()
    {
        var ascii = new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("b000", "r") { ["S"] = new string('a', 10_000) });
        var escaped = new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("b000", "r") { ["S"] = new string('é', 10_000) });

        Assert.InRange(ActionSizeEstimator.Estimate(escaped) - ActionSizeEstimator.Estimate(ascii), 50_000, 50_000);
    }

    [Theory]
    [InlineData("plain ascii text")]
    [InlineData("<tags> & \"quotes\" 'apostrophes' + `ticks`")]
    [InlineData("Zoë 🦊 山田 \u0001\t\n")]
    public void Estimate_IsAtLeastWhatTheSdkSendsForTheEntity(string text)
    {
        // What the SDK's JSON writer produces for a string and a binary property, measured.
        var entity = new TableEntity("b001", "t|u:someone|m-1") { ["S"] = text, ["B"] = new byte[] { 1, 2, 3 }, ["At"] = Day };
        var sent = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["PartitionKey"] = entity.PartitionKey,
            ["RowKey"] = entity.RowKey,
            ["S"] = text,
            ["B"] = Convert.ToBase64String([1, 2, 3]),
            ["B@odata.type"] = "Edm.Binary",
            ["At"] = Day.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["At@odata.type"] = "Edm.DateTime",
        }).Length;

        Assert.True(ActionSizeEstimator.Estimate(new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, new ETag("W/\"1\""))) >= sent + 512);
    }

    [Fact]
    public void Estimate_OfATimelineRowOfTheLargestMessage_StaysUnderItsBase64PlusOverhead()
    {
        var touchpoint = Track("m", "Product Viewed", Day, properties: $$"""{"note":"{{new string('n', TouchpointLimits.MaxMessageBytes - 100)}}"}""");
        var body = TouchpointJson.Serialize(touchpoint);

        var estimate = ActionSizeEstimator.Estimate(new TableTransactionAction(TableTransactionActionType.Add, TimelineEntity.ToEntity("b000", "u:u1", touchpoint, body)));

        Assert.InRange(estimate, (body.Length * 4 / 3) + 1, (body.Length * 4 / 3) + 2048);
    }
}
