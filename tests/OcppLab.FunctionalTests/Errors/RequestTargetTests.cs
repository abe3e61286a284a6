using System.Net.Sockets;
using System.Text;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Errors;

/// <summary>
/// URLs the gateway refuses, over a real Kestrel socket (the in-memory test server has no request
/// line parser): past <c>Api:MaxUrlLength</c> a 414 problem; a percent-encoded NUL is refused by
/// Kestrel itself before the application runs (not customisable), which these tests pin.
/// </summary>
public sealed class RequestTargetTests
{
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _factory = new GatewayFactory(kestrel: true);
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    private async Task<(int Status, string Head, string Body)> RawGetAsync(string target)
    {
        var address = _factory.ServerAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(text[9..12], System.Globalization.CultureInfo.InvariantCulture), text[..split], text[(split + 4)..]);
    }

    [TestCase(8 * 1024 + 1, TestName = "A URL one character over the bound is a 414 problem")]
    [TestCase(100 * 1024, TestName = "A 100 KB URL is a 414 problem")]
    public async Task A_url_over_the_bound_is_a_414_problem(int length)
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        var prefix = "/ocpp/chargers?x=";
        var response = await client.GetAsync(prefix + new string('a', length - prefix.Length));

        var problem = await response.AssertProblemAsync(414);
        Assert.That(problem.Str("detail"), Does.Contain("8192"));
    }

    [Test]
    public async Task A_url_at_the_bound_is_served()
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        var prefix = "/ocpp/chargers?x=";
        var response = await client.GetAsync(prefix + new string('a', 8 * 1024 - prefix.Length));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_request_line_beyond_kestrels_raised_limit_still_gets_kestrels_bare_414()
    {
        var (status, _, body) = await RawGetAsync("/ocpp/chargers?x=" + new string('a', 130 * 1024));

        Assert.That((status, body), Is.EqualTo((414, string.Empty)));
    }

    [Test]
    public async Task A_percent_encoded_NUL_in_a_path_id_is_refused_by_Kestrel_with_a_bare_400_before_the_app()
    {
        var (status, head, body) = await RawGetAsync("/ocpp/chargers/ab%00cd");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That(body, Is.Empty, head);
        });
    }
}
