using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OcppLab.Bench.Logs;

/// <summary>
/// Prints warnings and errors of the hosted services, and, while <see cref="CaptureSql"/> is on,
/// keeps the SQL that EF Core executes (to show what the real LogStore sends to SQLite).
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    public ConcurrentQueue<string> Sql { get; } = new();

    public volatile bool CaptureSql;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Warning || (owner.CaptureSql && category == CommandCategory && logLevel >= LogLevel.Information);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = formatter(state, exception);
            if (category == CommandCategory && logLevel < LogLevel.Warning)
            {
                owner.Sql.Enqueue(text);
                return;
            }

            Console.Error.WriteLine($"  [{logLevel}] {category}: {text}{(exception is null ? string.Empty : " — " + exception.Message)}");
        }
    }
}
