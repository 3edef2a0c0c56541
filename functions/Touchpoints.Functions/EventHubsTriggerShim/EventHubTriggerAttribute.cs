using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Build-only shim of the trigger attribute of <c>Microsoft.Azure.Functions.Worker.Extensions.EventHubs</c> 6.5.x,
/// compiled in only when that package cannot be restored (see the project file). It has the package's namespace, name,
/// constructor parameter name, properties and cardinality contract, because the Worker.Sdk's source generator reads
/// exactly those to write <c>functions.metadata</c>; it has nothing else.
/// </summary>
[BindingCapabilities(KnownBindingCapabilities.FunctionLevelRetry)]
public sealed class EventHubTriggerAttribute : TriggerBindingAttribute, ISupportCardinality
{
    /// <summary>Marks a function triggered by the events of <paramref name="eventHubName"/>.</summary>
    /// <param name="eventHubName">The event hub, or an <c>%AppSetting%</c> expression naming it.</param>
    public EventHubTriggerAttribute(string eventHubName) => EventHubName = eventHubName;

    /// <summary>The event hub, or an <c>%AppSetting%</c> expression naming it.</summary>
    public string EventHubName { get; private set; }

    /// <summary>The consumer group; null means <c>$Default</c>.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>The app setting, or setting prefix of an identity-based connection, that reaches the namespace.</summary>
    public string? Connection { get; set; }

    /// <summary>Whether the function receives batches (the default) rather than single events.</summary>
    [DefaultValue(true)]
    public bool IsBatched { get; set; } = true;

    Cardinality ISupportCardinality.Cardinality
    {
        get => IsBatched ? Cardinality.Many : Cardinality.One;
        set => IsBatched = value == Cardinality.Many;
    }
}
