using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Extensions.EventHubs' <c>EventHubTriggerAttribute</c> (batched by default).</summary>
public sealed class EventHubTriggerAttribute : TriggerBindingAttribute
{
    public EventHubTriggerAttribute(string eventHubName) => EventHubName = eventHubName;

    public string EventHubName { get; private set; }

    public string? ConsumerGroup { get; set; }

    public string? Connection { get; set; }

    [System.ComponentModel.DefaultValue(true)]
    public bool IsBatched { get; set; } = true;
}
