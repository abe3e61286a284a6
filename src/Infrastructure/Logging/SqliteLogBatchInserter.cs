using System.Text;
using Microsoft.Data.Sqlite;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// Writes a batch with one long-lived connection, in one transaction (one fsync in WAL mode):
/// multi-row INSERTs prepared once, rows grouped by charger so consecutive index updates touch the
/// same pages, and a page cache large enough to keep the two (charger, …) indexes' hot pages in
/// memory. A charger's own rows keep their arrival order (the sort is stable), which is all the
/// logs query's (timestamp, id) ordering relies on.
/// </summary>
internal sealed class SqliteLogBatchInserter(string connectionString) : ILogBatchInserter
{
    private const int RowsPerStatement = 64;
    private const int Columns = 7;

    private SqliteConnection? _connection;
    private SqliteCommand? _many;
    private SqliteCommand? _one;

    public async Task InsertAsync(IReadOnlyList<ChargerLog> batch, CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        var rows = batch.Select((entry, index) => (entry, index))
            .OrderBy(r => r.entry.ChargerId, StringComparer.Ordinal)
            .ThenBy(r => r.index)
            .Select(r => r.entry)
            .ToList();

        await using var transaction = (SqliteTransaction)await _connection!.BeginTransactionAsync(cancellationToken);
        _many!.Transaction = transaction;
        _one!.Transaction = transaction;
        var offset = 0;
        for (; offset + RowsPerStatement <= rows.Count; offset += RowsPerStatement)
        {
            for (var i = 0; i < RowsPerStatement; i++)
            {
                Bind(_many.Parameters, i * Columns, rows[offset + i]);
            }

            await _many.ExecuteNonQueryAsync(cancellationToken);
        }

        for (; offset < rows.Count; offset++)
        {
            Bind(_one.Parameters, 0, rows[offset]);
            await _one.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static void Bind(SqliteParameterCollection parameters, int first, ChargerLog entry)
    {
        parameters[first].Value = entry.ChargerId;
        parameters[first + 1].Value = (byte)entry.Direction;
        parameters[first + 2].Value = (object?)entry.Action ?? DBNull.Value;
        parameters[first + 3].Value = entry.Message;
        parameters[first + 4].Value = entry.Timestamp.UtcTicks;
        parameters[first + 5].Value = (byte)entry.MessageType;
        parameters[first + 6].Value = (object?)entry.MessageId ?? DBNull.Value;
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return;
        }

        _connection = new SqliteConnection(connectionString);
        await _connection.OpenAsync(cancellationToken);
        await using (var pragma = _connection.CreateCommand())
        {
            // 128 MiB of page cache for this connection only; checkpoints every ~40 MB of WAL rather than 4 MB.
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072; PRAGMA wal_autocheckpoint=10000; PRAGMA temp_store=MEMORY;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        _many = Insert(RowsPerStatement);
        _one = Insert(1);
    }

    private SqliteCommand Insert(int rows)
    {
        var sql = new StringBuilder("INSERT INTO charger_logs (ChargerId, Direction, Action, Message, Timestamp, MessageType, MessageId) VALUES ");
        var command = _connection!.CreateCommand();
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ",(");
            for (var column = 0; column < Columns; column++)
            {
                var name = $"$p{(row * Columns) + column}";
                sql.Append(column == 0 ? name : "," + name);
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_many is not null)
        {
            await _many.DisposeAsync();
        }

        if (_one is not null)
        {
            await _one.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
