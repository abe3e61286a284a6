using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Logs;

namespace OcppLab.Api.Json;

/// <summary>
/// Writes a logs page while it is read: the JSON of <see cref="ChargerLogsPage"/> (the same names,
/// order and formats as the serializer gives it), each frame's text copied from the database reader
/// to the response in segments, the response flushed every <see cref="LogJsonOutput.FlushBytes"/>.
/// Memory per request is a few buffers whatever the frames' sizes; a slow client holds its rows back
/// through the response's back-pressure, not in memory.
/// </summary>
public sealed class LogPageResult(StreamedChargerLogsPage page) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        var cancellationToken = http.RequestAborted;
        using var slot = await http.RequestServices.GetRequiredService<LogPageGate>().EnterAsync(cancellationToken);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";

        await using var output = new LogJsonOutput(http.Response.BodyWriter, options);
        var writer = output.Writer;
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        await foreach (var row in page.Rows.WithCancellation(cancellationToken))
        {
            await output.WriteRowAsync(row, cancellationToken);
        }

        writer.WriteEndArray();
        writer.WriteNumber("total", page.Total);
        writer.WriteNumber("limit", page.Limit);
        writer.WriteNumber("offset", page.Offset);
        writer.WriteEndObject();
        await output.FlushAsync(cancellationToken);
    }
}

/// <summary>
/// A JSON writer on a response body that writes log entries with their frame text in segments and
/// sends (flushes, with the response's back-pressure) every <see cref="FlushBytes"/>; used by the
/// logs page and the live stream.
/// </summary>
internal sealed class LogJsonOutput : IAsyncDisposable
{
    public const int Segment = 4096;
    public const int FlushBytes = 32 * 1024;

    private readonly PipeWriter _body;
    private readonly JsonSerializerOptions _options;
    private readonly char[] _buffer = ArrayPool<char>.Shared.Rent(Segment);
    private long _flushed;

    public LogJsonOutput(PipeWriter body, JsonSerializerOptions options)
    {
        _body = body;
        _options = options;
        Writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = options.Encoder });
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>One entry, as <see cref="ChargerLogEntry"/> serializes: the same names, order and formats.</summary>
    public async Task WriteRowAsync(LogRow row, CancellationToken cancellationToken)
    {
        var writer = Writer;
        writer.WriteStartObject();
        writer.WritePropertyName("direction");
        JsonSerializer.Serialize(writer, ChargerLogEntry.NameOf(row.Direction), _options);
        writer.WriteString("action", row.Action);
        writer.WritePropertyName("message");
        int read;
        while ((read = await row.Message.ReadAsync(_buffer.AsMemory(0, Segment), cancellationToken)) > 0)
        {
            // A segment may end inside a surrogate pair: the writer carries the half over to the next one.
            writer.WriteStringValueSegment(_buffer.AsSpan(0, read), isFinalSegment: false);
            await FlushIfFullAsync(cancellationToken);
        }

        writer.WriteStringValueSegment(ReadOnlySpan<char>.Empty, isFinalSegment: true);
        writer.WritePropertyName("timestamp");
        JsonSerializer.Serialize(writer, row.Timestamp, _options);
        writer.WritePropertyName("message_type");
        JsonSerializer.Serialize(writer, ChargerLogEntry.NameOf(row.MessageType), _options);
        writer.WriteString("message_id", row.MessageId);
        writer.WriteEndObject();
        await FlushIfFullAsync(cancellationToken);
    }

    /// <summary>Commits what the writer holds to the body and sends it.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Writer.Flush();
        _flushed = Writer.BytesCommitted;
        await _body.FlushAsync(cancellationToken);
    }

    private async ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
    {
        // The writer advances the body by itself whenever its buffer is full (BytesCommitted), but only
        // a FlushAsync sends and applies the response's back-pressure: without it the whole page piled
        // up unsent in the body pipe (3.4 GB for eight pages of 1,000 × 192 KiB).
        if (Writer.BytesCommitted + Writer.BytesPending - _flushed >= FlushBytes)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        ArrayPool<char>.Shared.Return(_buffer);
    }
}
