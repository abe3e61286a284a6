using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace OcppLab.Application.Common.Behaviors;

/// <summary>Logs each use case with its duration; failures are logged where they are turned into responses.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(
                    "Handled {MessageType} in {ElapsedMs:0.0} ms",
                    typeof(TMessage).Name,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }
}
