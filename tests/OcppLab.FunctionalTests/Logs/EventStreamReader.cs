using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>A <c>text/event-stream</c> response read event by event, as a browser's EventSource would.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream and reads up to the server's <c>: connected</c> comment, from which on entries are delivered.</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), () => response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        var stream = new EventStreamReader(response, await response.Content.ReadAsStreamAsync());
        var first = await stream.ReadLineAsync();
        Assert.That(first, Is.EqualTo(": connected"));
        Assert.That(await stream.ReadLineAsync(), Is.Empty);
        return stream;
    }

    /// <summary>The next event (comment-only blocks such as keep-alives are skipped).</summary>
    public async Task<(string? Id, string Event, JsonNode Data)> NextAsync()
    {
        while (true)
        {
            string? id = null;
            string? name = null;
            var data = new List<string>();
            while (await ReadLineAsync() is { Length: > 0 } line)
            {
                if (line.StartsWith(':'))
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id":
                        id = value;
                        break;
                    case "event":
                        name = value;
                        break;
                    case "data":
                        data.Add(value);
                        break;
                }
            }

            if (data.Count > 0)
            {
                return (id, name ?? "message", JsonNode.Parse(string.Join('\n', data))!);
            }
        }
    }

    private async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            return await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The event stream ended.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"No line on the event stream within {ReadTimeout.TotalSeconds} s.");
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
