using System.Net;
using OcppLab.Api.Auth;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Auth;

/// <summary>403 rules of §0: a user never names a tenant; an admin must, on tenant-scoped routes, and then acts for it.</summary>
public sealed class TenancyTests
{
    private static readonly string[] TenantRoutes =
    [
        "GET /ocpp/chargers",
        "POST /ocpp/chargers",
        "GET /ocpp/chargers/dep-000000000000",
        "GET /ocpp/chargers/dep-000000000000/status",
        "PUT /ocpp/chargers/dep-000000000000",
        "DELETE /ocpp/chargers/dep-000000000000",
        "GET /ocpp/locations",
        "POST /ocpp/locations",
        "GET /ocpp/locations/00000000-0000-0000-0000-000000000001",
        "PUT /ocpp/locations/00000000-0000-0000-0000-000000000001",
        "DELETE /ocpp/locations/00000000-0000-0000-0000-000000000001",
        "GET /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers",
        "POST /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers",
        "DELETE /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers?charger_ids=a",
        "GET /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers/jobs/00000000-0000-0000-0000-000000000002",
    ];

    private static readonly string[] CatalogRoutes =
    [
        "GET /ocpp/catalog/brands",
        "GET /ocpp/catalog/brands/abb/models",
        "GET /ocpp/catalog/brands/abb/models/terra-184",
    ];

    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void StartGateway() => _factory = new GatewayFactory();

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    [Test]
    public async Task A_user_token_naming_a_tenant_is_a_403_everywhere_even_its_own()
    {
        var org = GatewayApi.NewOrg();
        foreach (var actAs in new[] { org, GatewayApi.NewOrg() })
        {
            var client = _factory.ClientFor(org, Claims.UserRole, actAs: actAs);
            foreach (var route in TenantRoutes.Concat(CatalogRoutes))
            {
                var problem = await (await SendAsync(client, route)).AssertProblemAsync(403);
                Assert.That(problem.Str("detail"), Does.Contain("X-Organization-Id"), route);
            }
        }
    }

    [Test]
    public async Task An_admin_without_X_Organization_Id_is_a_403_on_tenant_scoped_routes()
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole);

        foreach (var route in TenantRoutes)
        {
            var problem = await (await SendAsync(client, route)).AssertProblemAsync(403);
            Assert.That(problem.Str("detail"), Does.Contain("X-Organization-Id"), route);
        }
    }

    [Test]
    public async Task An_admin_reads_the_catalog_with_or_without_naming_a_tenant()
    {
        foreach (var client in new[]
        {
            _factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole),
            _factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole, actAs: GatewayApi.NewOrg()),
            _factory.ClientFor(GatewayApi.NewOrg()),
        })
        {
            foreach (var route in CatalogRoutes)
            {
                var response = await SendAsync(client, route);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), route);
            }
        }
    }

    [Test]
    public async Task An_admin_with_X_Organization_Id_acts_for_that_tenant()
    {
        var tenant = GatewayApi.NewOrg();
        var admin = _factory.ClientFor(GatewayApi.NewOrg("admin-home"), Claims.AdminRole, actAs: tenant);
        var user = _factory.ClientFor(tenant);

        var id = await admin.CreateChargerAsync("CP-BY-ADMIN");
        var location = await admin.CreateLocationIdAsync("Admin made");

        Assert.That((await user.GetJsonAsync($"/ocpp/chargers/{id}")).Str("identity"), Is.EqualTo("CP-BY-ADMIN"));
        Assert.That((await user.GetJsonAsync($"/ocpp/locations/{location}")).Str("name"), Is.EqualTo("Admin made"));
        var userCharger = await user.CreateChargerAsync("CP-BY-USER");
        Assert.That((await admin.GetJsonAsync("/ocpp/chargers"))["data"]!.AsArray().Select(c => c.Str("id")), Is.EquivalentTo(new[] { id, userCharger }));
        Assert.That((await admin.PutJsonAsync($"/ocpp/chargers/{userCharger}", new { charge_point_name = "Admin renamed" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await user.GetJsonAsync($"/ocpp/chargers/{userCharger}")).Str("name"), Is.EqualTo("Admin renamed"));

        var otherTenantAdmin = _factory.ClientFor(GatewayApi.NewOrg("admin-home"), Claims.AdminRole, actAs: GatewayApi.NewOrg());
        await (await otherTenantAdmin.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
        Assert.That((await otherTenantAdmin.GetJsonAsync("/ocpp/chargers"))["total"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task An_admin_is_not_its_own_org_unless_it_says_so()
    {
        var home = GatewayApi.NewOrg("admin-home");
        var user = _factory.ClientFor(home);
        var id = await user.CreateChargerAsync("CP-HOME");

        var admin = _factory.ClientFor(home, Claims.AdminRole, actAs: GatewayApi.NewOrg());
        await (await admin.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);

        var adminAtHome = _factory.ClientFor(home, Claims.AdminRole, actAs: home);
        await adminAtHome.GetJsonAsync($"/ocpp/chargers/{id}");
    }

    [Test]
    public async Task An_overlong_X_Organization_Id_is_a_403()
    {
        var admin = _factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole, actAs: new string('x', 65));

        await (await admin.GetAsync("/ocpp/chargers")).AssertProblemAsync(403);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string route)
    {
        var parts = route.Split(' ');
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1]);
        if (parts[0] is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}
