using Microsoft.Data.Sqlite;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// One long-lived connection and one prepared INSERT, reused for every row of every batch: about
/// as fast as SQLite goes, with a single transaction (one fsync in WAL mode) per batch.
/// </summary>
internal sealed class SqliteLogBatchInserter(string connectionString) : ILogBatchInserter
{
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;

    public async Task InsertAsync(IReadOnlyList<ChargerLog> batch, CancellationToken cancellationToken)
    {
        var insert = await PrepareAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await _connection!.BeginTransactionAsync(cancellationToken);
        insert.Transaction = transaction;
        var p = insert.Parameters;
        foreach (var entry in batch)
        {
            p[0].Value = entry.ChargerId;
            p[1].Value = (byte)entry.Direction;
            p[2].Value = (object?)entry.Action ?? DBNull.Value;
            p[3].Value = entry.Message;
            p[4].Value = entry.Timestamp.UtcTicks;
            p[5].Value = (byte)entry.MessageType;
            p[6].Value = (object?)entry.MessageId ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<SqliteCommand> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_insert is not null)
        {
            return _insert;
        }

        _connection = new SqliteConnection(connectionString);
        await _connection.OpenAsync(cancellationToken);
        await using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText =
            "INSERT INTO charger_logs (ChargerId, Direction, Action, Message, Timestamp, MessageType, MessageId) " +
            "VALUES ($charger, $direction, $action, $message, $timestamp, $type, $id)";
        foreach (var name in new[] { "$charger", "$direction", "$action", "$message", "$timestamp", "$type", "$id" })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return _insert;
    }

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
