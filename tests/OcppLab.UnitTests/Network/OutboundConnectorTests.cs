using System.Net;
using System.Net.Sockets;
using OcppLab.Infrastructure.Network;

namespace OcppLab.UnitTests.Network;

/// <summary>
/// The connect callback: resolves once, checks every address, connects only to allowed ones, and a
/// denial opens no socket at all (the listener never sees a connection).
/// </summary>
public sealed class OutboundConnectorTests
{
    private TcpListener _listener = null!;

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [SetUp]
    public void Listen()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
    }

    [TearDown]
    public void StopListening() => _listener.Dispose();

    private static OutboundConnector Connector(string[]? allow = null, string[]? deny = null) =>
        new(new OutboundPolicy(new OutboundPolicyOptions { Allow = [.. allow ?? []], Deny = [.. deny ?? []] }));

    [TestCase("127.0.0.1")]
    [TestCase("localhost")]
    public async Task An_allowed_host_is_connected(string host)
    {
        await using var stream = await Connector().ConnectAsync(host, Port, CancellationToken.None);
        using var accepted = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(accepted.Connected, Is.True);
    }

    [TestCase("127.0.0.1")]
    [TestCase("localhost")]
    [TestCase("[::1]")]
    [TestCase("::ffff:127.0.0.1")]
    public void A_denied_address_is_never_connected(string host)
    {
        var connector = Connector(deny: ["127.0.0.0/8", "::1"]);

        var denied = Assert.ThrowsAsync<OutboundPolicyDeniedException>(async () => await connector.ConnectAsync(host, Port, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(denied!.Message, Does.Contain(OutboundPolicyDeniedException.Reason).And.Contain("deny entry"));
            Assert.That(denied, Is.InstanceOf<HttpRequestException>());
            Assert.That(denied.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
            Assert.That(_listener.Pending(), Is.False, "no connection reached the listener");
        });
    }

    [Test]
    public void A_host_name_the_allow_list_lacks_resolves_to_no_allowed_address()
    {
        var connector = Connector(allow: ["192.0.2.0/24"]);

        var denied = Assert.ThrowsAsync<OutboundPolicyDeniedException>(async () => await connector.ConnectAsync("localhost", Port, CancellationToken.None));

        Assert.That(denied!.Message, Does.Contain("no allow entry matches"));
        Assert.That(_listener.Pending(), Is.False);
    }

    [Test]
    public async Task An_allowed_name_reaches_its_addresses()
    {
        await using var stream = await Connector(allow: ["localhost"]).ConnectAsync("localhost", Port, CancellationToken.None);
        using var accepted = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(accepted.Connected, Is.True);
    }

    [Test]
    public void A_denied_name_is_refused_before_any_lookup()
    {
        // .invalid never resolves (RFC 6761): a lookup would fail with a DNS error, not a denial.
        var connector = Connector(deny: ["*.invalid"]);

        var denied = Assert.ThrowsAsync<OutboundPolicyDeniedException>(async () => await connector.ConnectAsync("csms.invalid", 80, CancellationToken.None));

        Assert.That(denied!.Message, Does.Contain("the host name is denied"));
    }

    [Test]
    public void The_metadata_address_is_denied_without_a_connection_attempt()
    {
        // Nothing listens there on a test machine: a connect would time out, the policy answers at once.
        var denied = Assert.ThrowsAsync<OutboundPolicyDeniedException>(async () =>
            await Connector().ConnectAsync("169.254.169.254", 80, new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token));

        Assert.That(denied!.Message, Does.Contain("169.254.0.0/16"));
    }

    [Test]
    public void An_allowed_address_that_refuses_is_a_socket_error_not_a_denial()
    {
        var port = Port;
        _listener.Stop();

        var refused = Assert.CatchAsync<SocketException>(async () => await Connector().ConnectAsync("127.0.0.1", port, CancellationToken.None));

        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public void Govern_puts_the_policy_on_the_handler_and_turns_proxies_off()
    {
        using var handler = Connector().Govern(new SocketsHttpHandler());

        Assert.Multiple(() =>
        {
            Assert.That(handler.ConnectCallback, Is.Not.Null);
            Assert.That(handler.UseProxy, Is.False);
        });
    }

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    [TestCase("0x7f000001")]
    [TestCase("2130706433")]
    [TestCase("[::1]")]
    [TestCase("[::ffff:127.0.0.1]")]
    public void A_governed_http_client_reports_a_denial_as_a_connection_error(string host)
    {
        using var client = new HttpClient(Connector(deny: ["127.0.0.0/8", "::1"]).Govern(new SocketsHttpHandler()));

        var error = Assert.ThrowsAsync<HttpRequestException>(async () => await client.GetAsync(new Uri($"http://{host}:{Port}/")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.GetBaseException(), Is.InstanceOf<OutboundPolicyDeniedException>(), error.ToString());
            Assert.That(_listener.Pending(), Is.False);
        });
    }

    [Test]
    public async Task A_governed_http_client_reaches_an_allowed_literal_address()
    {
        using var client = new HttpClient(Connector().Govern(new SocketsHttpHandler()));
        var request = client.GetAsync(new Uri($"http://127.0.0.1:{Port}/"));

        using var accepted = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var stream = accepted.GetStream();
        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());

        using var response = await request.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }
}
