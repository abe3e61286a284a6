using Npgsql;
using NpgsqlTypes;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// PostgreSQL: the batch goes in with one binary COPY on a long-lived connection, the fastest bulk
/// path the server has (no statement per row, no text parsing). A COPY is one statement, so the
/// batch lands whole or not at all. Rows are written in arrival order, so the identity column gives
/// them ascending ids in that order, which is what the logs query's (timestamp, id) ordering relies
/// on. A failed batch drops the connection: the writer's retry opens a fresh one.
/// </summary>
internal sealed class PostgreSqlLogBatchInserter(string connectionString) : ILogBatchInserter
{
    private const string Copy =
        "COPY charger_logs (\"ChargerId\", \"Direction\", \"Action\", \"Message\", \"Timestamp\", \"MessageType\", \"MessageId\") FROM STDIN (FORMAT BINARY)";

    private NpgsqlConnection? _connection;

    public async Task InsertAsync(IReadOnlyList<ChargerLog> batch, CancellationToken cancellationToken)
    {
        try
        {
            if (_connection is null)
            {
                _connection = new NpgsqlConnection(connectionString);
                await _connection.OpenAsync(cancellationToken);
            }

            await using var importer = await _connection.BeginBinaryImportAsync(Copy, cancellationToken);
            foreach (var entry in batch)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(entry.ChargerId, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync((short)entry.Direction, NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullableAsync(importer, entry.Action, cancellationToken);
                await importer.WriteAsync(entry.Message, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(entry.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync((short)entry.MessageType, NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullableAsync(importer, entry.MessageId, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            var connection = _connection;
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}
