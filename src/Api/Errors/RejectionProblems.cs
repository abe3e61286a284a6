using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OcppLab.Api.Errors;

/// <summary>
/// Kestrel refuses some requests before any middleware runs (a request line past its limit, a
/// percent-encoded NUL or a control character in the target, a line that is not HTTP, oversized
/// headers, an unsupported version) and answers them with a bare status and no body. This connection
/// middleware gives those answers the same problem+json body as every other error of the API.
/// <para>
/// It sits on the connection's output: a write that is exactly such a bare rejection (status line,
/// only <c>Content-Length: 0</c>, <c>Connection: close</c>, <c>Date</c>, <c>Server</c>, and nothing
/// after the header block) is replaced by the same head with a problem body. Everything else passes
/// through without a copy; after a <c>101 Switching Protocols</c> (the sandbox's and any WebSocket)
/// the connection is not looked at again.
/// </para>
/// </summary>
public static class RejectionProblems
{
    public static IServiceCollection AddRejectionProblems(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => async connection =>
        {
            var original = connection.Transport;
            var output = new RejectionRewritingWriter(original.Output, connection.ConnectionId);
            connection.Transport = new DuplexPipe(original.Input, output);
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = original;
            }
        })));

    /// <summary>The problem+json response that replaces a bare rejection of <paramref name="status"/>.</summary>
    internal static byte[] Problem(int status, string reason, string traceId, string date)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = TypeFor(status),
            ["title"] = reason,
            ["status"] = status,
            ["detail"] = DetailFor(status),
            ["trace_id"] = traceId,
        });
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n")
            .Append("Content-Type: application/problem+json\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n")
            .Append("Connection: close\r\n");
        if (date.Length > 0)
        {
            head.Append("Date: ").Append(date).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        408 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.9",
        411 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.12",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        414 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.15",
        431 => "https://www.rfc-editor.org/rfc/rfc6585#section-5",
        501 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.2",
        505 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.6",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15",
    };

    private static string DetailFor(int status) => status switch
    {
        400 => "The request could not be parsed: a malformed request line or header, or a target with a NUL or control character.",
        408 => "The request headers did not arrive in time.",
        411 => "The request has a body but no Content-Length.",
        413 => "The request body is larger than the server accepts.",
        414 => "The request line is longer than the server reads.",
        431 => "The request headers are larger than the server accepts.",
        501 => "The request uses a transfer coding or method the server does not implement.",
        505 => "Only HTTP/1.0, HTTP/1.1 and HTTP/2 are supported.",
        _ => "The server refused the request before reading it.",
    };

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>
/// Passes writes through to the connection untouched, except the first write after a flush when it
/// is exactly a bare rejection (Kestrel commits such a head in one piece and flushes it): that one is
/// replaced by the problem response. Nothing is held back or copied on any other write.
/// </summary>
internal sealed class RejectionRewritingWriter(PipeWriter inner, string connectionId) : PipeWriter
{
    private const int LongestBareHead = 512;
    private static readonly int[] Rejections = [400, 408, 411, 413, 414, 431, 501, 505];
    private static readonly string[] KestrelHeaders = ["content-length", "connection", "date", "server"];

    private Memory<byte> _lent;
    private bool _startOfFlush = true;
    private bool _passThrough;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => (_lent = inner.GetMemory(sizeHint)).Span;

    public override void Advance(int bytes)
    {
        if (_passThrough || !_startOfFlush || bytes == 0)
        {
            inner.Advance(bytes);
            return;
        }

        _startOfFlush = false;
        var written = _lent.Span[..bytes];
        if (written.StartsWith("HTTP/1.1 101 "u8))
        {
            // An upgraded connection (WebSocket) carries no more HTTP responses: never look again.
            _passThrough = true;
        }
        else if (bytes <= LongestBareHead && written.StartsWith("HTTP/1.1 "u8) && TryRewrite(written, connectionId) is { } problem)
        {
            // Not advanced: the problem response takes the place of the bare head.
            inner.Write(problem);
            return;
        }

        inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        _startOfFlush = true;
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    /// <summary>The problem response for <paramref name="head"/> if it is exactly a bare Kestrel rejection.</summary>
    internal static byte[]? TryRewrite(ReadOnlySpan<byte> head, string traceId)
    {
        if (head.Length < 16 || !head.EndsWith("\r\n\r\n"u8))
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(head[..^4]);
        var lines = text.Split("\r\n");
        var statusLine = lines[0];
        if (statusLine.Length < 13 || statusLine[12] != ' ' || !int.TryParse(statusLine.AsSpan(9, 3), out var status) || Array.IndexOf(Rejections, status) < 0)
        {
            return null;
        }

        var date = string.Empty;
        var sawLength = false;
        var sawClose = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (Array.IndexOf(KestrelHeaders, name) < 0)
            {
                return null;
            }

            switch (name)
            {
                case "content-length" when value == "0":
                    sawLength = true;
                    break;
                case "content-length":
                    return null;
                case "connection" when value.Equals("close", StringComparison.OrdinalIgnoreCase):
                    sawClose = true;
                    break;
                case "connection":
                    return null;
                case "date":
                    date = value;
                    break;
            }
        }

        return sawLength && sawClose ? RejectionProblems.Problem(status, statusLine[13..], traceId, date) : null;
    }
}
