using System.Net;
using System.Text;
using OcppLab.Client;

namespace OcppLab.NSwagTests;

/// <summary>
/// What the shipped client adds to the generated code, checked without a gateway: responses that break
/// the document are refused (not defaulted), query date-times keep their offset, and the factory puts
/// the base address, token and tenant header where every call finds them.
/// </summary>
public sealed class ClientBehaviourTests
{
    private const string Status = """
        {"charger_id":"dep-1","status":"READY","workflow_run_id":"wf-1","error":null,
         "provisioned_at":"2026-12-03T08:00:00.000Z","steps":[]}
        """;

    [Test]
    public async Task A_response_as_the_document_describes_it_is_read()
    {
        var (client, _) = Stub(Status);
        var status = await client.Chargers_get_statusAsync("dep-1");
        Assert.That(status.Status, Is.EqualTo(ProvisioningStatusName.READY));
        Assert.That(status.Provisioned_at, Is.EqualTo(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("\"workflow_run_id\":\"wf-1\",", "", TestName = "A missing required property is refused")]
    [TestCase("\"workflow_run_id\":\"wf-1\"", "\"workflow_run_id\":null", TestName = "A null in a never-null property is refused")]
    [TestCase("\"status\":\"READY\"", "\"status\":\"ready-ish\"", TestName = "A value outside the enum is refused")]
    public void A_response_that_breaks_the_document_is_an_error_not_a_default(string from, string to)
    {
        var (client, _) = Stub(Status.Replace(from, to, StringComparison.Ordinal));
        var error = Assert.ThrowsAsync<OcppLabApiException>(() => client.Chargers_get_statusAsync("dep-1"));
        Assert.That(error!.Message, Does.StartWith("Could not deserialize"));
        Assert.That(error.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Query_date_times_are_sent_with_their_offset()
    {
        var (client, requests) = Stub("""{"data":[],"total":0,"limit":10,"offset":0}""");
        var from = new DateTimeOffset(2026, 12, 3, 13, 0, 0, TimeSpan.FromHours(5));
        await client.Chargers_list_logsAsync("dep-1", start_date: from, limit: 10);

        var query = Uri.UnescapeDataString(requests.Single().RequestUri!.Query);
        Assert.That(query, Does.Contain("start_date=2026-12-03T13:00:00.0000000+05:00"));
    }

    [Test]
    public async Task Unset_request_properties_are_not_sent()
    {
        var (client, requests) = Stub("""{"id":"dep-1"}""", HttpStatusCode.NotFound);
        Assert.ThrowsAsync<OcppLabApiException>(() => client.Chargers_updateAsync("dep-1", new UpdateChargerRequest { Charge_point_name = "Renamed" }));
        var body = requests.Single().Headers.GetValues(StubHandler.BodyHeader).Single();
        Assert.That(body, Is.EqualTo("""{"charge_point_name":"Renamed"}"""), "on PUT only the fields given change");
    }

    [Test]
    public void The_factory_sets_the_base_address_the_token_and_the_optional_tenant()
    {
        using var http = new HttpClient();
        OcppLabClientFactory.Configure(http, new Uri("http://gateway.test:5080/api"), "t0ken", "acme");
        Assert.That(http.BaseAddress, Is.EqualTo(new Uri("http://gateway.test:5080/api/")), "relative paths need the trailing slash");
        Assert.That(http.DefaultRequestHeaders.Authorization?.ToString(), Is.EqualTo("Bearer t0ken"));
        Assert.That(http.DefaultRequestHeaders.GetValues(OcppLabClientFactory.OrganizationHeader), Is.EqualTo(new[] { "acme" }));

        OcppLabClientFactory.Configure(http, new Uri("http://gateway.test:5080/"), "t0ken");
        Assert.That(http.DefaultRequestHeaders.Contains(OcppLabClientFactory.OrganizationHeader), Is.False, "a user token must not send the header");
    }

    [TestCase("relative/", "t0ken", null)]
    [TestCase("http://gateway.test/", " ", null)]
    [TestCase("http://gateway.test/", "t0ken", "")]
    public void The_factory_refuses_what_cannot_work(string address, string token, string? organization)
    {
        using var http = new HttpClient();
        Assert.Throws(Is.InstanceOf<ArgumentException>(), () => OcppLabClientFactory.Configure(http, new Uri(address, UriKind.RelativeOrAbsolute), token, organization));
    }

    private static (OcppLabClient Client, List<HttpRequestMessage> Requests) Stub(string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        var handler = new StubHandler(json, status);
        var client = new OcppLabClient(OcppLabClientFactory.Configure(new HttpClient(handler), new Uri("http://gateway.test/"), "t0ken"));
        return (client, handler.Requests);
    }

    private sealed class StubHandler(string json, HttpStatusCode status) : HttpMessageHandler
    {
        public const string BodyHeader = "X-Test-Body";

        public List<HttpRequestMessage> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                // Kept as text: the client disposes the request and its content once answered.
                request.Headers.TryAddWithoutValidation(BodyHeader, await request.Content.ReadAsStringAsync(cancellationToken));
            }

            Requests.Add(request);
            return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
