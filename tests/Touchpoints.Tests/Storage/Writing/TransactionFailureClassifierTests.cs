using Touchpoints.Storage.Writing;
using Xunit;

namespace Touchpoints.Tests.Storage.Writing;

public sealed class TransactionFailureClassifierTests
{
    // Two customers: the first with three timeline inserts and one journey row, the second with one and one.
    private static readonly (int Actions, int Timeline)[] Layout = [(4, 3), (2, 1)];

    [Theory]
    [InlineData(409, "EntityAlreadyExists", 1, nameof(TransactionFailureKind.Duplicate), 0, 1)]
    [InlineData(409, "EntityAlreadyExists", 4, nameof(TransactionFailureKind.Duplicate), 1, 0)]
    [InlineData(412, "UpdateConditionNotSatisfied", 3, nameof(TransactionFailureKind.JourneyChanged), 0, 3)]
    [InlineData(404, "ResourceNotFound", 5, nameof(TransactionFailureKind.JourneyChanged), 1, 1)]
    [InlineData(409, "EntityAlreadyExists", 5, nameof(TransactionFailureKind.JourneyChanged), 1, 1)]
    [InlineData(400, "PropertyValueTooLarge", 2, nameof(TransactionFailureKind.TimelineRejected), 0, 2)]
    [InlineData(400, "InvalidInput", 4, nameof(TransactionFailureKind.TimelineRejected), 1, 0)]
    [InlineData(400, "EntityTooLarge", 3, nameof(TransactionFailureKind.JourneyRejected), 0, 3)]
    [InlineData(400, "InvalidDuplicateRow", 1, nameof(TransactionFailureKind.Fatal), 0, 1)]
    [InlineData(403, "AuthorizationFailure", 0, nameof(TransactionFailureKind.Fatal), 0, 0)]
    public void Classify_WhenStorageNamesTheFailedAction_FindsItsCustomerAndRow(int status, string code, int index, string kind, int unit, int action)
    {
        var failure = TransactionFailureClassifier.Classify(status, code, index, Layout);

        Assert.Equal((Enum.Parse<TransactionFailureKind>(kind), unit, action), (failure.Kind, failure.Unit, failure.Action));
    }

    [Theory]
    [InlineData(400, "InvalidInput", nameof(TransactionFailureKind.Unattributed))]
    [InlineData(413, "RequestBodyTooLarge", nameof(TransactionFailureKind.Unattributed))]
    [InlineData(403, "AuthorizationFailure", nameof(TransactionFailureKind.Fatal))]
    public void Classify_WhenNoActionIsNamed_NarrowsOnlyARefusalOfTheContent(int status, string code, string kind) =>
        Assert.Equal(Enum.Parse<TransactionFailureKind>(kind), TransactionFailureClassifier.Classify(status, code, failedIndex: null, Layout).Kind);

    [Fact]
    public void Classify_WhenTheIndexIsPastTheTransaction_TreatsItAsUnnamed() =>
        Assert.Equal(TransactionFailureKind.Unattributed, TransactionFailureClassifier.Classify(400, "InvalidInput", 6, Layout).Kind);

    [Fact]
    public void Classify_GivesAReasonWithStatusAndCode()
    {
        var failure = TransactionFailureClassifier.Classify(400, "PropertyValueTooLarge", 0, Layout, "The property value exceeds the maximum allowed size (64KB).");

        Assert.Equal("storage refused it: HTTP 400 PropertyValueTooLarge (The property value exceeds the maximum allowed size (64KB).)", failure.Reason);
    }
}
