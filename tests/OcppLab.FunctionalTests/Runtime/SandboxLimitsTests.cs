using System.Net;
using System.Net.WebSockets;
using System.Text;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// What an anonymous client can cost the sandbox CSMS: a message is read up to <c>Sandbox:MaxMessageBytes</c>
/// (beyond it the connection is closed with 1009 without reading the rest), an address holds at most
/// <c>Sandbox:MaxConnectionsPerAddress</c> connections.
/// </summary>
[NonParallelizable]
public sealed class SandboxLimitsTests
{
    private const int Cap = 64 * 1024;
    private const int PerAddress = 3;
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _factory = new GatewayFactory(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Sandbox:MaxMessageBytes"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sandbox:MaxConnectionsPerAddress"] = PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    [Test]
    public async Task A_message_of_exactly_the_cap_in_fragments_is_answered()
    {
        using var socket = await SandboxSocket.ConnectAsync(_factory.SandboxUrl, "CP-CAP");
        var call = DataTransferOfExactly(Cap, "at-cap");

        // Three fragments and an empty final one: the cap is reached before the message is known to end.
        var bytes = Encoding.UTF8.GetBytes(call);
        await socket.Socket.SendAsync(bytes.AsMemory(0, 1000), WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.Socket.SendAsync(bytes.AsMemory(1000, 30_000), WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.Socket.SendAsync(bytes.AsMemory(31_000), WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.Socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, CancellationToken.None);

        var answer = await socket.ReceiveTextAsync();
        Assert.That(answer, Does.StartWith("[3,\"at-cap\",").And.Contain("Accepted"));

        // The connection stays usable for ordinary messages.
        await socket.SendTextAsync("[2,\"hb\",\"Heartbeat\",{}]");
        Assert.That(await socket.ReceiveTextAsync(), Does.StartWith("[3,\"hb\","));
        await socket.CloseAsync();
    }

    [Test]
    public async Task One_byte_over_the_cap_is_closed_with_1009()
    {
        using var socket = await SandboxSocket.ConnectAsync(_factory.SandboxUrl, "CP-OVER");
        await socket.SendTextAsync(DataTransferOfExactly(Cap + 1, "over"));

        var result = await socket.ReceiveCloseAsync();
        Assert.That(result.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig), result.CloseStatusDescription);
    }

    [Test]
    public async Task A_huge_message_is_refused_after_about_the_cap_without_being_read_to_its_end()
    {
        using var socket = await SandboxSocket.ConnectAsync(_factory.SandboxUrl, "CP-HUGE");
        const long total = 256L * 1024 * 1024;
        var fragment = new byte[16 * 1024];
        Array.Fill(fragment, (byte)' ');
        var closed = socket.Socket.ReceiveAsync(new byte[256], CancellationToken.None);
        long sent = 0;
        try
        {
            while (sent < total && !closed.IsCompleted)
            {
                await socket.Socket.SendAsync(fragment, WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
                sent += fragment.Length;
            }
        }
        catch (WebSocketException)
        {
            // The server went away while we were still sending: also a refusal, checked below.
        }

        var result = await closed.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Multiple(() =>
        {
            Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
            Assert.That(result.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));

            // Socket buffers on both sides hold a few MiB at most; the server stopped long before 256 MiB.
            Assert.That(sent, Is.LessThan(64L * 1024 * 1024), $"sent {sent:N0} bytes before the close");
        });
        await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Test]
    public async Task An_address_over_its_connection_limit_is_refused_with_429_until_one_closes()
    {
        var open = new List<SandboxSocket>();
        try
        {
            for (var i = 0; i < PerAddress; i++)
            {
                open.Add(await SandboxSocket.ConnectAsync(_factory.SandboxUrl, $"CP-LIMIT-{i}"));
            }

            var refused = await SandboxSocket.RefusedAsync(_factory.SandboxUrl, "CP-LIMIT-X");
            Assert.That(refused, Is.EqualTo(HttpStatusCode.TooManyRequests));

            await open[0].CloseAsync();
            open[0].Dispose();
            open.RemoveAt(0);

            // The slot is freed once the server has finished the closed connection.
            var again = await Eventually.UntilAsync(
                async () =>
                {
                    try
                    {
                        return await SandboxSocket.ConnectAsync(_factory.SandboxUrl, "CP-LIMIT-X");
                    }
                    catch (WebSocketException)
                    {
                        return null;
                    }
                },
                s => s is not null,
                because: "a connection is accepted again after one closed");
            open.Add(again!);
            await again!.SendTextAsync("[2,\"hb\",\"Heartbeat\",{}]");
            Assert.That(await again.ReceiveTextAsync(), Does.StartWith("[3,\"hb\","));
        }
        finally
        {
            foreach (var socket in open)
            {
                await socket.CloseAsync();
                socket.Dispose();
            }
        }
    }

    /// <summary>A 1.6 DataTransfer CALL of exactly <paramref name="bytes"/> bytes (ASCII), padded in its data field.</summary>
    internal static string DataTransferOfExactly(int bytes, string messageId)
    {
        var head = $"[2,\"{messageId}\",\"DataTransfer\",{{\"vendorId\":\"OcppLab\",\"data\":\"";
        const string tail = "\"}]";
        return head + new string('x', bytes - head.Length - tail.Length) + tail;
    }
}

/// <summary>A raw WebSocket to the sandbox, as a charger (or anyone else) would open it.</summary>
internal sealed class SandboxSocket : IDisposable
{
    private SandboxSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<SandboxSocket> ConnectAsync(string sandboxUrl, string identity, string? authorization = null)
    {
        var socket = Create(authorization);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(new Uri($"{sandboxUrl}/{identity}"), timeout.Token);
            return new SandboxSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The HTTP status of a handshake that must be refused.</summary>
    public static async Task<HttpStatusCode> RefusedAsync(string sandboxUrl, string identity, string? authorization = null)
    {
        using var socket = Create(authorization);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"{sandboxUrl}/{identity}"), timeout.Token));
        Assert.That(error, Is.Not.Null);
        return socket.HttpStatusCode;
    }

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<string> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(buffer, timeout.Token);
            Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Text), $"closed: {result.CloseStatus} {result.CloseStatusDescription}");
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }

    public async Task<WebSocketReceiveResult> ReceiveCloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await Socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return result;
    }

    public async Task CloseAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
    }

    public void Dispose() => Socket.Dispose();

    private static ClientWebSocket Create(string? authorization)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("ocpp1.6");
        socket.Options.CollectHttpResponseDetails = true;
        if (authorization is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        return socket;
    }
}
