using System.Net.Sockets;
using System.Text;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Errors;

/// <summary>
/// Requests the gateway refuses, over a real Kestrel socket (the in-memory test server has no request
/// line parser): past <c>Api:MaxUrlLength</c> a 414 problem from the application; what Kestrel itself
/// rejects before the application runs (a request line past its limit, a percent-encoded NUL, a line
/// that is not HTTP, oversized headers) is a problem too (issue 9 item 12), rewritten on the connection.
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

    private Task<(int Status, string Head, string Body)> RawGetAsync(string target) =>
        RawAsync($"GET {target} HTTP/1.1\r\nHost: {_factory.ServerAddress.Authority}\r\nConnection: close\r\n\r\n");

    /// <summary>Sends <paramref name="request"/> as is and reads until the server closes the connection.</summary>
    private async Task<(int Status, string Head, string Body)> RawAsync(string request)
    {
        var address = _factory.ServerAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
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
    public async Task A_request_line_beyond_kestrels_raised_limit_is_a_414_problem_too()
    {
        var (status, head, body) = await RawGetAsync("/ocpp/chargers?x=" + new string('a', 130 * 1024));

        AssertProblem(status, head, body, 414, "URI Too Long");
    }

    [Test]
    public async Task A_percent_encoded_NUL_in_a_path_id_is_a_400_problem()
    {
        var (status, head, body) = await RawGetAsync("/ocpp/chargers/ab%00cd");

        AssertProblem(status, head, body, 400, "Bad Request");
    }

    [Test]
    public async Task A_request_line_that_is_not_HTTP_is_a_400_problem()
    {
        var (status, head, body) = await RawAsync("NOT A REQUEST LINE\r\n\r\n");

        AssertProblem(status, head, body, 400, "Bad Request");
    }

    [Test]
    public async Task Headers_over_kestrels_limit_are_a_431_problem()
    {
        var address = _factory.ServerAddress;
        var (status, head, body) = await RawAsync(
            $"GET /health/live HTTP/1.1\r\nHost: {address.Authority}\r\nX-Big: {new string('b', 40 * 1024)}\r\nConnection: close\r\n\r\n");

        AssertProblem(status, head, body, 431, "Request Header Fields Too Large");
    }

    [Test]
    public async Task A_served_request_on_the_same_connection_is_untouched_before_a_rejected_one()
    {
        var address = _factory.ServerAddress;
        var (status, head, body) = await RawAsync(
            $"GET /health/live HTTP/1.1\r\nHost: {address.Authority}\r\n\r\nGET /ocpp/chargers/a%00b HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n");

        Assert.That(status, Is.EqualTo(200), head);
        var second = body.IndexOf("HTTP/1.1 ", StringComparison.Ordinal);
        Assert.That(second, Is.GreaterThan(0), body);
        var rest = body[second..];
        var split = rest.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        AssertProblem(int.Parse(rest[9..12], System.Globalization.CultureInfo.InvariantCulture), rest[..split], rest[(split + 4)..], 400, "Bad Request");
    }

    private static void AssertProblem(int status, string head, string body, int expected, string title)
    {
        var headers = head.Split("\r\n").Skip(1).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim());
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(expected), head);
            Assert.That(headers.GetValueOrDefault("content-type"), Is.EqualTo("application/problem+json"), head);
            Assert.That(headers.GetValueOrDefault("content-length"), Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture)), head);
            Assert.That(headers.GetValueOrDefault("connection"), Is.EqualTo("close"), head);
        });
        var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Multiple(() =>
        {
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(expected), body);
            Assert.That(problem.Str("title"), Is.EqualTo(title), body);
            Assert.That(problem.Str("type"), Does.StartWith(expected == 431 ? "https://www.rfc-editor.org/rfc/rfc6585#section-5" : "https://www.rfc-editor.org/rfc/rfc9110#section-15."), body);
            Assert.That(problem.Str("detail"), Is.Not.Empty, body);
            Assert.That(problem.Str("trace_id"), Is.Not.Empty, body);
        });
    }
}
