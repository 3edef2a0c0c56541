using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Touchpoints.Storage.Rules;

namespace Touchpoints.Benchmarks.Recording;

/// <summary>
/// Issues recorded transactions again, directly with the Tables SDK and none of the pipeline's logic: the same entities,
/// the same Add/Merge mix and grouping, batch after batch, each batch's partitions with as many in flight as the
/// pipeline had and each partition's transactions in the order they were sent. A conditional update carries the ETag
/// the replay itself last got for the row, as a writer that caches ETags would.
/// </summary>
internal sealed class TransactionReplayer(TableClient table, int partitionsInFlight)
{
    private readonly ConcurrentDictionary<string, ETag> _etags = new(StringComparer.Ordinal);

    public async Task<ReplayResult> ReplayAsync(IReadOnlyList<RecordedTransaction> recorded, CancellationToken cancellationToken)
    {
        // Parsing happens before the clock starts: the replay times only the writes.
        var batches = recorded
            .GroupBy(static r => r.Batch)
            .OrderBy(static g => g.Key)
            .Select(static batch => batch
                .OrderBy(static r => r.Sequence)
                .Select(static r => Parse(r.Body))
                .GroupBy(static actions => actions[0].Entity.PartitionKey, StringComparer.Ordinal)
                .Select(static partition => partition.ToList())
                .ToList())
            .ToList();
        int transactions = 0, entities = 0, adds = 0, merges = 0, other = 0, failed = 0;
        foreach (var actions in batches.SelectMany(static b => b).SelectMany(static p => p))
        {
            transactions++;
            entities += actions.Count;
            adds += actions.Count(static a => a.Kind == TableTransactionActionType.Add);
            merges += actions.Count(static a => a.Kind is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpsertMerge);
        }

        other = entities - adds - merges;
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(partitionsInFlight);
        foreach (var batch in batches)
        {
            await Task.WhenAll(batch.Select(async partition =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    foreach (var actions in partition)
                    {
                        if (!await SubmitAsync(actions, cancellationToken).ConfigureAwait(false))
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }

        watch.Stop();
        return new ReplayResult(watch.Elapsed, transactions, entities, adds, merges, other, failed);
    }

    private async Task<bool> SubmitAsync(List<ReplayAction> recorded, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(recorded.Count);
        foreach (var action in recorded)
        {
            actions.Add(action.IsConditional
                ? new TableTransactionAction(action.Kind, action.Entity, _etags.TryGetValue(action.Entity.RowKey, out var etag) ? etag : ETag.All)
                : new TableTransactionAction(action.Kind, action.Entity));
        }

        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < actions.Count; i++)
            {
                if (response.Value[i].Headers.ETag is { } etag)
                {
                    _etags[actions[i].Entity.RowKey] = etag;
                }
            }

            return true;
        }
        catch (TableTransactionFailedException)
        {
            return false;
        }
    }

    private static List<ReplayAction> Parse(ReadOnlyMemory<byte> body)
    {
        var operations = TableBatchBody.Parse(body.Span);
        var actions = new List<ReplayAction>(operations.Count);
        foreach (var operation in operations)
        {
            TableEntity entity;
            if (operation.Body.Length > 0)
            {
                entity = EntityJson.Parse(operation.Body.Span);
            }
            else
            {
                var target = TableRequestTarget.Parse(operation.Url);
                entity = new TableEntity(target.PartitionKey, target.RowKey);
            }

            var kind = operation.Method switch
            {
                "POST" => TableTransactionActionType.Add,
                "DELETE" => TableTransactionActionType.Delete,
                "MERGE" or "PATCH" => operation.HasIfMatch ? TableTransactionActionType.UpdateMerge : TableTransactionActionType.UpsertMerge,
                _ => operation.HasIfMatch ? TableTransactionActionType.UpdateReplace : TableTransactionActionType.UpsertReplace,
            };
            actions.Add(new ReplayAction(kind, entity));
        }

        return actions;
    }
}
