using Azure.Core;
using Azure.Core.Pipeline;

namespace Touchpoints.Storage.Rules;

/// <summary>
/// The pipeline policy that checks a Table or Blob request against Azure's limits before it is sent
/// (<see cref="AzureStorageRules"/>): a request that breaks one never reaches the service.
/// </summary>
internal sealed class AzureStorageRulesPolicy : HttpPipelineSynchronousPolicy
{
    private readonly AzureStorageRules _rules;
    private readonly StorageService _service;

    public AzureStorageRulesPolicy(AzureStorageRules rules, StorageService service)
    {
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _service = service;
    }

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_service == StorageService.Table)
        {
            TableRequestRules.Check(message, _rules);
        }
        else
        {
            BlobRequestRules.Check(message.Request);
        }
    }

    /// <inheritdoc />
    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_service == StorageService.Table)
        {
            TableRequestRules.CountEntitiesRead(message, _rules);
        }
    }
}
