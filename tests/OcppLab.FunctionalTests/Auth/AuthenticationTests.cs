using System.Net;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Auth;

/// <summary>401 for every way a bearer token can be missing or wrong, on every kind of route.</summary>
public sealed class AuthenticationTests : SharedGatewayTests
{
    public static IEnumerable<TestCaseData> BadTokens()
    {
        yield return new TestCaseData(null, "bearer token is required").SetArgDisplayNames("no token");
        yield return new TestCaseData(TestTokens.Expired(), "expired").SetArgDisplayNames("expired");
        yield return new TestCaseData(TestTokens.WrongSignature(), "signature").SetArgDisplayNames("wrong signature");
        yield return new TestCaseData(TestTokens.WrongAudience(), "audience").SetArgDisplayNames("wrong audience");
        yield return new TestCaseData(TestTokens.WrongIssuer(), "issuer").SetArgDisplayNames("wrong issuer");
        yield return new TestCaseData(TestTokens.WithoutOrganization(), "org_id").SetArgDisplayNames("no org_id");
        yield return new TestCaseData(TestTokens.Create(organizationId: " "), "org_id").SetArgDisplayNames("blank org_id");
        yield return new TestCaseData(TestTokens.WithRole("superuser"), "role").SetArgDisplayNames("unknown role");
        yield return new TestCaseData(TestTokens.Create(role: null), "role").SetArgDisplayNames("no role");
        yield return new TestCaseData("not-a-jwt", "not valid").SetArgDisplayNames("garbage");
    }

    [TestCaseSource(nameof(BadTokens))]
    public async Task A_missing_or_bad_token_is_a_401_on_every_authenticated_route(string? token, string because)
    {
        var client = Factory.ClientWithToken(token);

        foreach (var route in ApiRoutes.All)
        {
            var response = await SendAsync(client, route);

            var problem = await response.AssertProblemAsync(401);
            Assert.That(problem.Str("detail"), Does.Contain(because).IgnoreCase, route);
            Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"), route);
        }
    }

    [Test]
    public async Task A_valid_hand_made_token_is_accepted()
    {
        var client = Factory.ClientWithToken(TestTokens.Create(organizationId: GatewayApi.NewOrg()));

        var response = await client.GetAsync("/ocpp/chargers");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_token_in_its_clock_skew_grace_is_still_accepted()
    {
        var client = Factory.ClientWithToken(TestTokens.Create(
            organizationId: GatewayApi.NewOrg(), notBefore: DateTime.UtcNow.AddMinutes(-10), expires: DateTime.UtcNow.AddSeconds(-5)));

        var response = await client.GetAsync("/ocpp/chargers");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string route)
    {
        var parts = route.Split(' ');
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1]);
        if (parts[0] is "POST" or "PUT")
        {
            request.Content = new StringContent(parts[1].EndsWith("/chargers", StringComparison.Ordinal) && parts[1].Contains("locations") ? "[]" : "{}", System.Text.Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}
