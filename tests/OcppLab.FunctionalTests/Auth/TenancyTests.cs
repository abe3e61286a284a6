using System.Net;
using OcppLab.Api.Auth;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Auth;

/// <summary>403 rules of §0: a user never names a tenant; an admin must, on tenant-scoped routes, and then acts for it.</summary>
public sealed class TenancyTests : SharedGatewayTests
{
    [Test]
    public async Task A_user_token_naming_a_tenant_is_a_403_everywhere_even_its_own()
    {
        var org = GatewayApi.NewOrg();
        foreach (var actAs in new[] { org, GatewayApi.NewOrg() })
        {
            var client = Factory.ClientFor(org, Claims.UserRole, actAs: actAs);
            foreach (var route in ApiRoutes.All)
            {
                var problem = await (await SendAsync(client, route)).AssertProblemAsync(403);
                Assert.That(problem.Str("detail"), Does.Contain("X-Organization-Id"), route);
            }
        }
    }

    [Test]
    public async Task An_admin_without_X_Organization_Id_is_a_403_on_tenant_scoped_routes()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole);

        foreach (var route in ApiRoutes.Tenant)
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
            Factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole),
            Factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole, actAs: GatewayApi.NewOrg()),
            Factory.ClientFor(GatewayApi.NewOrg()),
        })
        {
            foreach (var route in ApiRoutes.Catalog)
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
        var admin = Factory.ClientFor(GatewayApi.NewOrg("admin-home"), Claims.AdminRole, actAs: tenant);
        var user = Factory.ClientFor(tenant);

        var id = await admin.CreateChargerAsync("CP-BY-ADMIN");
        var location = await admin.CreateLocationIdAsync("Admin made");

        Assert.That((await user.GetJsonAsync($"/ocpp/chargers/{id}")).Str("identity"), Is.EqualTo("CP-BY-ADMIN"));
        Assert.That((await user.GetJsonAsync($"/ocpp/locations/{location}")).Str("name"), Is.EqualTo("Admin made"));
        var userCharger = await user.CreateChargerAsync("CP-BY-USER");
        Assert.That((await admin.GetJsonAsync("/ocpp/chargers"))["data"]!.AsArray().Select(c => c.Str("id")), Is.EquivalentTo(new[] { id, userCharger }));
        Assert.That((await admin.PutJsonAsync($"/ocpp/chargers/{userCharger}", new { charge_point_name = "Admin renamed" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await user.GetJsonAsync($"/ocpp/chargers/{userCharger}")).Str("name"), Is.EqualTo("Admin renamed"));

        var otherTenantAdmin = Factory.ClientFor(GatewayApi.NewOrg("admin-home"), Claims.AdminRole, actAs: GatewayApi.NewOrg());
        await (await otherTenantAdmin.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
        Assert.That((await otherTenantAdmin.GetJsonAsync("/ocpp/chargers"))["total"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task An_admin_is_not_its_own_org_unless_it_says_so()
    {
        var home = GatewayApi.NewOrg("admin-home");
        var user = Factory.ClientFor(home);
        var id = await user.CreateChargerAsync("CP-HOME");

        var admin = Factory.ClientFor(home, Claims.AdminRole, actAs: GatewayApi.NewOrg());
        await (await admin.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);

        var adminAtHome = Factory.ClientFor(home, Claims.AdminRole, actAs: home);
        await adminAtHome.GetJsonAsync($"/ocpp/chargers/{id}");
    }

    [Test]
    public async Task An_overlong_X_Organization_Id_is_a_403()
    {
        var admin = Factory.ClientFor(GatewayApi.NewOrg(), Claims.AdminRole, actAs: new string('x', 65));

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
