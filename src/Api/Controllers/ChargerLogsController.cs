using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OcppLab.Api.Auth;
using OcppLab.Api.Json;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetCharger;
using OcppLab.Application.Logs;
using OcppLab.Application.Logs.Queries.ListChargerLogs;
using OcppLab.Domain.Logs;

namespace OcppLab.Api.Controllers;

/// <summary>Every OCPP frame a charger sent or received.</summary>
[ApiController]
[Route("ocpp/chargers/{charger_id}/logs")]
[Authorize(Policy = TenantPolicy.TenantScoped)]
[Tags("Chargers")]
public sealed class ChargerLogsController(IMediator mediator, ILogger<ChargerLogsController> logger) : ControllerBase
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // Bound as text and read by the query's validator (Rfc3339): a value without an offset is a 422 on its
    // name, where DateTimeOffset binding would guess the server's local time.
    private const string StartDateDescription =
        "Optional inclusive start: RFC 3339 with an offset (Z or ±hh:mm), e.g. 2026-04-09T15:00:00+05:00 (+ percent-encoded as %2B in a URL); a value without an offset is a 422.";
    private const string EndDateDescription =
        "Optional inclusive end: RFC 3339 with an offset (Z or ±hh:mm), e.g. 2026-04-09T23:59:59Z; a value without an offset is a 422.";

    /// <summary>List charger logs</summary>
    /// <remarks>
    /// Retrieve OCPP logs for one charger with optional date range and event filters. One entry per
    /// frame in both directions, oldest first (timestamp, then arrival); a CALLRESULT or CALLERROR
    /// carries the action of the CALL it answers.
    /// </remarks>
    // The page is written while it is read (LogPageResult): the document describes its JSON, which is
    // the same as a materialised ChargerLogsPage.
    [HttpGet(Name = "chargers_list_logs")]
    [Produces("application/json")]
    [ProducesResponseType<ChargerLogsPage>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(
        [FromRoute(Name = "charger_id")] string chargerId,
        [FromQuery(Name = "start_date"), Description(StartDateDescription)] string? startDate,
        [FromQuery(Name = "end_date"), Description(EndDateDescription)] string? endDate,
        [FromQuery(Name = "event")] string? @event,
        [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "offset")] int? offset,
        CancellationToken cancellationToken) =>
        new LogPageResult(await mediator.Send(new ListChargerLogsQuery(chargerId, startDate, endDate, @event, limit, offset), cancellationToken));

    /// <summary>Stream charger logs</summary>
    /// <remarks>
    /// The same entries, live, as server-sent events (<c>event: log</c>, JSON in <c>data</c>), from
    /// the moment of connection; optionally only one action. A comment line every 15 s keeps idle
    /// connections open. Open streams are bounded per tenant and per gateway (Logs:MaxStreamsPerTenant,
    /// 100, and Logs:MaxStreams, 1,000, by default): one more is a 429 with Retry-After.
    /// </remarks>
    [HttpGet("stream", Name = "chargers_stream_logs")]
    [Produces("text/event-stream")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task Stream(
        [FromRoute(Name = "charger_id")] string chargerId,
        [FromQuery(Name = "event")] string? @event,
        [FromServices] ILiveLogFeed feed,
        [FromServices] ITenantContext tenant,
        [FromServices] IOptions<JsonOptions> json,
        [FromServices] IHostApplicationLifetime lifetime,
        CancellationToken requestAborted)
    {
        // The stream ends when the client goes away or the gateway shuts down (the web server's
        // shutdown would otherwise wait for it).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;

        // Tenant scoping and 404 exactly as the charger itself.
        _ = await mediator.Send(new GetChargerQuery(chargerId), cancellationToken);

        // Subscribed before the client hears "connected": the first MoveNextAsync runs the feed up to
        // its first wait, so every frame stored after that comment reaches this client.
        var options = json.Value.JsonSerializerOptions;
        var sequence = 0L;
        using var stream = feed.Open(tenant.OrganizationId, chargerId);
        await using var entries = stream.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = entries.MoveNextAsync().AsTask();

        Response.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-cache";
        Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await WriteAsync(": connected\n\n", cancellationToken);
            while (true)
            {
                Task finished;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    finished = await Task.WhenAny(next, Task.Delay(KeepAlive, idle.Token));
                    await idle.CancelAsync();
                }

                if (finished != next)
                {
                    await WriteAsync(": keep-alive\n\n", cancellationToken);
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                var entry = entries.Current;
                if (@event is null || entry.Action == @event)
                {
                    await WriteEventAsync(++sequence, entry, options, cancellationToken);
                }

                next = entries.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away (or the gateway is stopping): a normal end, logged at debug only.
            logger.LogDebug("Log stream of {ChargerId} closed by the client or the shutdown", chargerId);
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNextAsync is in flight (it throws
            // NotSupportedException, which surfaced as an unhandled 500 whenever a client left while the
            // stream waited for a frame). The token cancels that read; let it settle, then dispose.
            await SettleAsync(next);
        }
    }

    private static async Task SettleAsync(Task<bool> pending)
    {
        try
        {
            await pending;
        }
        catch (OperationCanceledException)
        {
            // The read ended because the stream did; nothing was lost.
        }
    }

    /// <summary>
    /// One <c>log</c> event: the entry's JSON on one <c>data</c> line (JSON text has no raw newline),
    /// written to the response in segments like a logs page, never built as one string.
    /// </summary>
    private async Task WriteEventAsync(long sequence, ChargerLog entry, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var body = Response.BodyWriter;
        body.Write(Encoding.UTF8.GetBytes($"id: {sequence}\nevent: log\ndata: "));
        await using (var output = new LogJsonOutput(body, options))
        {
            using var text = new StringReader(entry.Message);
            await output.WriteRowAsync(new LogRow(entry.Direction, entry.Action, entry.Timestamp, entry.MessageType, entry.MessageId, text), cancellationToken);
            output.Writer.Flush();
        }

        body.Write("\n\n"u8);
        await body.FlushAsync(cancellationToken);
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await Response.Body.FlushAsync(cancellationToken);
    }
}
