using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OcppLab.Infrastructure.Persistence;

/// <summary>
/// Per-connection SQLite settings: NORMAL synchronous mode is safe with WAL (a power cut may lose
/// the last transactions, never corrupt the file) and much faster for the log writer.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
