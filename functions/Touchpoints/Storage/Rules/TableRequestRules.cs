using System.Text.Json;
using Azure.Core;

namespace Touchpoints.Storage.Rules;

/// <summary>The Table half of <see cref="AzureStorageRulesPolicy"/>: reads a request's target, body and filter, and applies <see cref="TableLimits"/>.</summary>
internal static class TableRequestRules
{
    // The query's kind travels with the message to its response, whose entities are then counted.
    private const string QueryKindProperty = "Touchpoints.Storage.Rules.QueryKind";

    public static void Check(HttpMessage message, AzureStorageRules rules)
    {
        var request = message.Request;
        var target = TableRequestTarget.Parse(request.Uri.Path);
        var method = request.Method.Method;
        if (target.IsBatch)
        {
            CheckTransaction(request, rules);
        }
        else if (target.IsTableList)
        {
            if (method == "POST" && ReadBody(request) is { Length: > 0 } body)
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("TableName", out var name) && name.GetString() is { } tableName)
                {
                    TableLimits.CheckTableName(tableName);
                }
            }
        }
        else if (method == "GET")
        {
            message.SetProperty(QueryKindProperty, CheckQuery(request, target, rules));
        }
        else
        {
            CheckWrite(target.Name, target, method, request.Headers.Contains("If-Match"), ReadBody(request), rules);
        }
    }

    /// <summary>Counts the entities a query's response returned, by the query's kind: a wide range or a scan shows here.</summary>
    public static void CountEntitiesRead(HttpMessage message, AzureStorageRules rules)
    {
        if (!message.TryGetProperty(QueryKindProperty, out var value) || value is not QueryKind kind || !message.HasResponse || message.Response.Status != 200)
        {
            return;
        }

        if (kind == QueryKind.PointRead && !message.Request.Uri.Query.Contains("filter", StringComparison.Ordinal))
        {
            rules.Counts.CountEntitiesRead(kind, 1);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(message.Response.Content);
            if (document.RootElement.TryGetProperty("value", out var entities) && entities.ValueKind == JsonValueKind.Array)
            {
                rules.Counts.CountEntitiesRead(kind, entities.GetArrayLength());
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Counting is best effort: an answer that is not a buffered entity list counts nothing.
        }
    }

    private static QueryKind CheckQuery(Request request, TableRequestTarget target, AzureStorageRules rules)
    {
        if (target.IsEntity)
        {
            TableLimits.CheckKey("PartitionKey", target.PartitionKey, target.Name, target.PartitionKey, target.RowKey);
            TableLimits.CheckKey("RowKey", target.RowKey, target.Name, target.PartitionKey, target.RowKey);
            rules.Counts.CountQuery(QueryKind.PointRead, target.Name, string.Empty);
            return QueryKind.PointRead;
        }

        var filter = ODataFilter.Parse(QueryParameter(request.Uri.Query, "$filter"));
        TableLimits.CheckFilter(target.Name, filter);
        rules.Counts.CountQuery(filter.Kind, target.Name, filter.Text);
        if (rules.FailOnScans && filter.Kind is QueryKind.PartitionScan or QueryKind.TableScan)
        {
            throw new AzureStorageRuleException(
                AzureStorageRule.Scan,
                $"the query is a {filter.Kind} ({(filter.Text.Length == 0 ? "no filter" : filter.Text)}); Azure reads and bills every entity it scans",
                target.Name, filter.PartitionKey);
        }

        return filter.Kind;
    }

    private static void CheckWrite(string table, TableRequestTarget target, string method, bool hasIfMatch, ReadOnlyMemory<byte> body, AzureStorageRules rules)
    {
        EntityWriteKind kind;
        if (method == "DELETE")
        {
            kind = EntityWriteKind.Delete;
            TableLimits.CheckKey("PartitionKey", target.PartitionKey, table, target.PartitionKey, target.RowKey);
            TableLimits.CheckKey("RowKey", target.RowKey, table, target.PartitionKey, target.RowKey);
        }
        else
        {
            kind = method == "POST" ? EntityWriteKind.Add : hasIfMatch ? EntityWriteKind.Update : EntityWriteKind.Upsert;
            TableLimits.CheckEntity(body.Length == 0
                ? new EntityFacts(table, target.PartitionKey, target.RowKey)
                : EntityFacts.FromJson(table, target.PartitionKey, target.RowKey, body));
        }

        rules.Counts.CountWrite(kind);
    }

    private static void CheckTransaction(Request request, AzureStorageRules rules)
    {
        // The body's size is checked once its actions are read, so the error names the table and partition.
        var body = ReadBody(request);
        var operations = TableBatchBody.Parse(body.Span);
        var transaction = new TransactionFacts();
        var writes = new List<EntityWriteKind>(operations.Count);
        foreach (var operation in operations)
        {
            var target = TableRequestTarget.Parse(operation.Url);
            var entity = operation.Body.Length == 0
                ? new EntityFacts(target.Name, target.PartitionKey, target.RowKey)
                : EntityFacts.FromJson(target.Name, target.PartitionKey, target.RowKey, operation.Body);
            TableLimits.CheckEntity(entity);
            transaction.Add(target.Name, entity.PartitionKey ?? string.Empty, entity.RowKey ?? string.Empty);
            writes.Add(operation.Method switch
            {
                "DELETE" => EntityWriteKind.Delete,
                "POST" => EntityWriteKind.Add,
                _ => operation.HasIfMatch ? EntityWriteKind.Update : EntityWriteKind.Upsert,
            });
        }

        transaction.Complete(body.Length);
        rules.Counts.CountTransaction();
        foreach (var write in writes)
        {
            rules.Counts.CountWrite(write);
        }
    }

    private static ReadOnlyMemory<byte> ReadBody(Request request)
    {
        if (request.Content is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        using var buffer = new MemoryStream();
        request.Content.WriteTo(buffer, CancellationToken.None);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static string? QueryParameter(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(Uri.UnescapeDataString(pair[..equals]), name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }
}
