using System.Data;
using Microsoft.Data.SqlClient;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>SQL Server: the batch goes in with SqlBulkCopy, in one internal transaction.</summary>
internal sealed class SqlServerLogBatchInserter(string connectionString) : ILogBatchInserter
{
    public async Task InsertAsync(IReadOnlyList<ChargerLog> batch, CancellationToken cancellationToken)
    {
        using var table = new DataTable();
        table.Columns.Add("ChargerId", typeof(string));
        table.Columns.Add("Direction", typeof(byte));
        table.Columns.Add("Action", typeof(string));
        table.Columns.Add("Message", typeof(string));
        table.Columns.Add("Timestamp", typeof(DateTimeOffset));
        table.Columns.Add("MessageType", typeof(byte));
        table.Columns.Add("MessageId", typeof(string));
        foreach (var entry in batch)
        {
            table.Rows.Add(entry.ChargerId, (byte)entry.Direction, entry.Action, entry.Message, entry.Timestamp, (byte)entry.MessageType, entry.MessageId);
        }

        using var bulk = new SqlBulkCopy(connectionString, SqlBulkCopyOptions.UseInternalTransaction)
        {
            DestinationTableName = "charger_logs",
            BatchSize = batch.Count,
        };
        foreach (DataColumn column in table.Columns)
        {
            bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        }

        await bulk.WriteToServerAsync(table, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
