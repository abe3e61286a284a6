using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Catalog;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Errors;

/// <summary>400 for bodies that are not JSON (never 500), 422 for bad paging, the problem-details shape, and a 500 that hides its cause.</summary>
public sealed class ErrorResponseTests
{
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;
    private string _charger = null!;
    private string _location = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        _factory = new GatewayFactory();
        _client = _factory.ClientFor(GatewayApi.NewOrg());
        _charger = await _client.CreateChargerAsync("CP-ERRORS");
        _location = await _client.CreateLocationIdAsync("Errors");
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private IEnumerable<(string Method, string Url)> BodyRoutes() =>
    [
        ("POST", "/ocpp/chargers"),
        ("PUT", $"/ocpp/chargers/{_charger}"),
        ("POST", "/ocpp/locations"),
        ("PUT", $"/ocpp/locations/{_location}"),
        ("POST", $"/ocpp/locations/{_location}/chargers"),
    ];

    [TestCase("{", TestName = "Unclosed object")]
    [TestCase("{\"identity\": }", TestName = "Missing value")]
    [TestCase("{\"identity\": \"x\",}", TestName = "Trailing comma")]
    [TestCase("[{\"template\": {]", TestName = "Broken list")]
    [TestCase("identity=x", TestName = "Form encoding sent as JSON")]
    [TestCase("{\"identity\": \"x\"} trailing", TestName = "Trailing garbage")]
    [TestCase("", TestName = "Empty body")]
    public async Task A_body_that_is_not_JSON_is_a_400_problem(string body)
    {
        foreach (var (method, url) in BodyRoutes())
        {
            var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };

            var problem = await (await _client.SendAsync(request)).AssertProblemAsync(400);

            Assert.That(problem.Str("detail"), Does.Contain("JSON"), $"{method} {url}");
        }
    }

    [Test]
    public async Task A_JSON_body_of_the_wrong_shape_is_a_4xx_problem_never_500()
    {
        foreach (var (method, url) in BodyRoutes())
        {
            foreach (var body in new[] { "null", "42", "\"text\"", url.EndsWith("/chargers", StringComparison.Ordinal) && url.Contains("locations") ? "{}" : "[]" })
            {
                var request = new HttpRequestMessage(new HttpMethod(method), url)
                {
                    Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                };
                var response = await _client.SendAsync(request);

                Assert.That((int)response.StatusCode, Is.AnyOf(400, 422), $"{method} {url} {body}: {await response.Content.ReadAsStringAsync()}");
                await response.AssertProblemAsync((int)response.StatusCode);
            }
        }
    }

    [Test]
    public async Task A_body_of_another_media_type_is_a_415_problem()
    {
        var response = await _client.PostAsync("/ocpp/locations", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"));

        await response.AssertProblemAsync(415);
    }

    /// <summary>Every operation of the OpenAPI document with a request body, its path ids filled in, and its example body.</summary>
    private async Task<IReadOnlyList<(string Method, string Url, string Example)>> BodyOperationsAsync()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;
        var operations = new List<(string, string, string)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation!["requestBody"]?["content"]?["application/json"]?["example"] is { } example)
                {
                    var url = path.Replace("{charger_id}", _charger, StringComparison.Ordinal).Replace("{location_id}", _location, StringComparison.Ordinal);
                    operations.Add((method.ToUpperInvariant(), url, example.ToJsonString()));
                }
            }
        }

        Assert.That(operations, Has.Count.GreaterThanOrEqualTo(20), "every body operation has an example");
        return operations;
    }

    private async Task<HttpResponseMessage> SendBytesAsync(string method, string url, byte[] body, string? charset)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = charset };
        return await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = content });
    }

    [TestCase("utf-16", TestName = "A charset other than UTF-8 is a 415 on every body operation (utf-16)")]
    [TestCase("UTF-16LE", TestName = "A charset other than UTF-8 is a 415 on every body operation (UTF-16LE)")]
    [TestCase("iso-8859-1", TestName = "A charset other than UTF-8 is a 415 on every body operation (iso-8859-1)")]
    [TestCase("us-ascii", TestName = "A charset other than UTF-8 is a 415 on every body operation (us-ascii)")]
    public async Task A_charset_other_than_utf8_is_a_415_problem_on_every_body_operation(string charset)
    {
        var wrong = new List<string>();
        foreach (var (method, url, example) in await BodyOperationsAsync())
        {
            // Both the body a client of that charset sends and the odd-length one of the issue
            // (UTF-8 bytes: a UTF-16 decoder is left with half a character).
            var encoding = System.Text.Encoding.GetEncoding(charset);
            foreach (var body in new[] { encoding.GetBytes(example), System.Text.Encoding.UTF8.GetBytes(example.Length % 2 == 0 ? example + " " : example) })
            {
                var response = await SendBytesAsync(method, url, body, charset);
                if ((int)response.StatusCode != 415)
                {
                    wrong.Add($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                var problem = await response.AssertProblemAsync(415);
                Assert.That(problem.Str("detail"), Does.Contain("UTF-8"), $"{method} {url}");
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    [TestCase(null, TestName = "A UTF-8 body is accepted on every body operation (no charset)")]
    [TestCase("utf-8", TestName = "A UTF-8 body is accepted on every body operation (utf-8)")]
    [TestCase("UTF-8", TestName = "A UTF-8 body is accepted on every body operation (UTF-8)")]
    [TestCase("\"utf-8\"", TestName = "A UTF-8 body is accepted on every body operation (quoted)")]
    public async Task A_utf8_body_is_never_refused_for_its_charset(string? charset)
    {
        var refused = new List<string>();
        foreach (var (method, url, example) in await BodyOperationsAsync())
        {
            var response = await SendBytesAsync(method, url, System.Text.Encoding.UTF8.GetBytes(example), charset);

            // The examples name ids that need not exist here: 404 or 422 are fine, a refusal of the body is not.
            if ((int)response.StatusCode is 400 or 415 or 500)
            {
                refused.Add($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.That(refused, Is.Empty);
    }

    [TestCase(new byte[] { 0xFF }, TestName = "Bytes that are not UTF-8 are a 400 on every body operation (0xFF)")]
    [TestCase(new byte[] { 0xC3, 0x28 }, TestName = "Bytes that are not UTF-8 are a 400 on every body operation (broken sequence)")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, TestName = "Bytes that are not UTF-8 are a 400 on every body operation (encoded surrogate)")]
    [TestCase(new byte[] { 0xE2, 0x82 }, TestName = "Bytes that are not UTF-8 are a 400 on every body operation (truncated sequence)")]
    public async Task Bytes_that_are_not_utf8_are_a_400_problem_on_every_body_operation(byte[] invalid)
    {
        var wrong = new List<string>();
        foreach (var (method, url, example) in await BodyOperationsAsync())
        {
            // Inside the first string value (or a new one), where the JSON syntax stays intact.
            var text = example.Contains(":\"", StringComparison.Ordinal) ? example : "{\"name\":\"\"," + example[1..];
            var at = text.IndexOf(":\"", StringComparison.Ordinal) + 2;
            var bytes = System.Text.Encoding.UTF8.GetBytes(text).ToList();
            bytes.InsertRange(System.Text.Encoding.UTF8.GetByteCount(text[..at]), invalid);

            var response = await SendBytesAsync(method, url, [.. bytes], null);
            if ((int)response.StatusCode != 400)
            {
                wrong.Add($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            var problem = await response.AssertProblemAsync(400);
            Assert.That(problem.Str("detail"), Does.Contain("UTF-8"), $"{method} {url}");
        }

        Assert.That(wrong, Is.Empty);
    }

    private IEnumerable<string> PagedRoutes() =>
    [
        "/ocpp/chargers",
        "/ocpp/locations",
        $"/ocpp/locations/{_location}/chargers",
        "/ocpp/catalog/brands",
        "/ocpp/catalog/brands/abb/models",
    ];

    [TestCase("page=0", "page")]
    [TestCase("page=-1", "page")]
    [TestCase("page=abc", "page")]
    [TestCase("page=1.5", "page")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=101", "limit")]
    [TestCase("limit=-5", "limit")]
    [TestCase("limit=ten", "limit")]
    [TestCase("page=0&limit=1000", "page", "limit")]
    public async Task Paging_out_of_range_or_not_a_number_is_a_422(string query, params string[] fields)
    {
        foreach (var route in PagedRoutes())
        {
            await (await _client.GetAsync($"{route}?{query}")).AssertValidationAsync(fields);
        }
    }

    [TestCase("page=1&limit=1")]
    [TestCase("limit=100")]
    [TestCase("page=99999")]
    public async Task Paging_within_range_is_accepted(string query)
    {
        foreach (var route in PagedRoutes())
        {
            var page = await _client.GetJsonAsync($"{route}?{query}");
            Assert.That(page.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "data", "total", "page", "limit" }), route);
        }
    }

    [Test]
    public async Task A_location_filter_that_is_not_a_uuid_is_a_422()
    {
        await (await _client.GetAsync("/ocpp/chargers?location_id=nowhere")).AssertValidationAsync("location_id");
    }

    [Test]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await (await _client.GetAsync("/ocpp/nothing-here")).AssertProblemAsync(404);
    }

    [Test]
    public async Task A_method_the_route_does_not_have_is_a_405_problem()
    {
        await (await _client.PatchAsync($"/ocpp/chargers/{_charger}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(405);
    }

    [Test]
    public async Task A_422_lists_messages_per_snake_case_field()
    {
        var problem = await (await _client.PostRawAsync("/ocpp/chargers", "{\"identity\":\"a:b\",\"ws_url\":\"http://x\",\"security_profile\":9}"))
            .AssertValidationAsync("identity", "brand_slug", "model_slug", "connector_type", "ws_url", "security_profile");

        Assert.That(problem.Str("title"), Is.EqualTo("Unprocessable Entity"));
        Assert.That(problem.ErrorsOf("identity"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_unexpected_failure_is_a_500_with_a_trace_id_and_no_internals()
    {
        var catalog = new Mock<ICatalogRepository>();
        catalog.Setup(c => c.ListBrandsAsync(It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("secret connection string Password=hunter2"));
        catalog.Setup(c => c.GetBrandAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Brand?)null);
        await using var factory = new GatewayFactory(configureServices: services =>
        {
            services.RemoveAll<ICatalogRepository>();
            services.AddScoped(_ => catalog.Object);
        });
        var client = factory.ClientFor(GatewayApi.NewOrg());

        var response = await client.GetAsync("/ocpp/catalog/brands");

        var problem = await response.AssertProblemAsync(500);
        var text = problem.ToJsonString();
        Assert.That(text, Does.Not.Contain("hunter2").And.Not.Contain("InvalidOperationException").And.Not.Contain("CatalogRepository"));
        Assert.That(problem.Str("trace_id"), Does.Match("^[0-9a-f]{32}$"));
    }
}
