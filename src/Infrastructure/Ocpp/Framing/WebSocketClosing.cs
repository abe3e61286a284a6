using System.Net.WebSockets;

namespace OcppLab.Infrastructure.Ocpp.Framing;

/// <summary>Closing a WebSocket whose peer may never answer the close.</summary>
internal static class WebSocketClosing
{
    /// <summary>
    /// After our close frame the peer has <paramref name="timeout"/> to answer with its own: one that
    /// never does would otherwise hold a receive loop, and whatever waits for it, for ever.
    /// </summary>
    public static void AbortUnlessClosedWithin(WebSocket socket, TimeSpan timeout) =>
        _ = Task.Delay(timeout).ContinueWith(
            _ =>
            {
                if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
                {
                    socket.Abort();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
