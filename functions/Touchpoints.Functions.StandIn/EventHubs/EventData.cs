// The real Azure.Messaging.EventHubs 5.11.x is not annotated for nullability; neither is its stand-in.
#nullable disable

using System.ComponentModel;
using Azure.Core;
using Azure.Messaging;

namespace Azure.Messaging.EventHubs;

/// <summary>Stand-in of Azure.Messaging.EventHubs 5.11.x's <c>EventData</c> (its public shape; AMQP members left out).</summary>
public class EventData : MessageContent
{
    public EventData() => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public EventData(BinaryData eventBody) => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public EventData(ReadOnlyMemory<byte> eventBody) => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public EventData(string eventBody) => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public BinaryData EventBody { get => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); set => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); }

    public new string ContentType { get => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); set => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); }

    public string CorrelationId { get => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); set => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); }

    public string MessageId { get => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); set => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); }

    public IDictionary<string, object> Properties => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public IReadOnlyDictionary<string, object> SystemProperties => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public long SequenceNumber => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public long Offset => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public DateTimeOffset EnqueuedTime => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    public string PartitionKey => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    [EditorBrowsable(EditorBrowsableState.Never)]
    public override BinaryData Data { get => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); set => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); }

    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool IsReadOnly => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported();

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected override ContentType? ContentTypeCore { get => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); set => throw Microsoft.Azure.Functions.Worker.StandIn.NotSupported(); }
}
