using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace OcppLab.Infrastructure.Persistence;

/// <summary>
/// A retrying execution strategy (SQL Server and PostgreSQL here) makes EF buffer the whole result of
/// every query before the first row is handed out, so that a retried query cannot hand out rows twice
/// (dotnet/efcore#23721). For a log page streamed to the client that is the page's every frame in
/// memory at once: a page of 1,000 frames of 192 KB took 560 MB more on PostgreSQL than on SQLite.
/// A query run through <see cref="Stream{T}"/> runs on a context of its own, created while the
/// strategy reports no retries (EF reads that once per context, when the context compiles its first
/// query), so EF compiles and runs it streaming; opening the reader is still retried, and a failure
/// while rows are read fails the response, which has begun anyway. Compiled queries keep the mode of
/// their first run: give a streamed query its own compiled delegate.
/// </summary>
internal static class UnbufferedQueries
{
    private static readonly AsyncLocal<bool> Active = new();

    public static bool IsActive => Active.Value;

    public static async IAsyncEnumerable<T> Stream<T>(
        IServiceScopeFactory scopes,
        Func<OcppLabDbContext, IAsyncEnumerable<T>> query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Set in the iterator's own execution context: it reaches the new context's query services
        // and never leaks to the caller.
        Active.Value = true;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        await foreach (var item in query(db).WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }
}

/// <summary>PostgreSQL's retrying strategy, except inside <see cref="UnbufferedQueries.Stream{T}"/>.</summary>
internal sealed class PostgreSqlExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay, errorCodesToAdd: null)
{
    public override bool RetriesOnFailure => !UnbufferedQueries.IsActive && base.RetriesOnFailure;
}

/// <summary>SQL Server's retrying strategy, except inside <see cref="UnbufferedQueries.Stream{T}"/>.</summary>
internal sealed class SqlServerExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : SqlServerRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay, errorNumbersToAdd: null)
{
    public override bool RetriesOnFailure => !UnbufferedQueries.IsActive && base.RetriesOnFailure;
}
