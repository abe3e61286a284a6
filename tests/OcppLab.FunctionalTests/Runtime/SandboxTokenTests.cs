using System.Net;
using System.Text;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// <c>Sandbox:RequireToken</c>: the handshake needs a token this gateway accepts, or Basic auth as one of its
/// chargers with security profile 1 (so the gateway's own chargers still use the sandbox); anything else is a
/// 401 before the upgrade. Off by default (the quickstart path is covered by <see cref="SandboxRuntimeTests"/>).
/// </summary>
public sealed class SandboxTokenTests
{
    private const string Key = "sandbox-key-0123456789";
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _factory = new GatewayFactory(kestrel: true, settings: new Dictionary<string, string?> { ["Sandbox:RequireToken"] = "true" });
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    [Test]
    public async Task Without_credentials_or_with_bad_ones_the_handshake_is_401()
    {
        var foreignToken = new Api.Auth.TokenIssuer(
            new Api.Auth.AuthOptions { SigningKey = "another-gateway-signing-key-0123456789abcdef", Issuer = GatewayFactory.Issuer, Audience = GatewayFactory.Audience },
            TimeProvider.System).Mint("acme", "user");
        Assert.Multiple(async () =>
        {
            Assert.That(await SandboxSocket.RefusedAsync(_factory.SandboxUrl, "CP-ANON"), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await SandboxSocket.RefusedAsync(_factory.SandboxUrl, "CP-ANON", "Bearer not-a-jwt"), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await SandboxSocket.RefusedAsync(_factory.SandboxUrl, "CP-ANON", "Bearer " + foreignToken), Is.EqualTo(HttpStatusCode.Unauthorized), "signed by someone else");
            Assert.That(await SandboxSocket.RefusedAsync(_factory.SandboxUrl, "CP-ANON", Basic("CP-ANON", Key)), Is.EqualTo(HttpStatusCode.Unauthorized), "no such charger");
        });

        // The sandbox is not limited by tenants' rate limits, but it does not hand out an upgrade on 401 either.
        using var http = new HttpClient();
        var plain = await http.GetAsync(new Uri(_factory.ServerAddress, "/sandbox/csms/CP-ANON"));
        Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "not a WebSocket request");
    }

    [Test]
    public async Task A_gateway_token_connects()
    {
        using var socket = await SandboxSocket.ConnectAsync(_factory.SandboxUrl, "CP-TOKEN", "Bearer " + _factory.Tokens.Mint(GatewayApi.NewOrg(), "user"));
        await socket.SendTextAsync("[2,\"boot\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]");
        Assert.That(await socket.ReceiveTextAsync(), Does.StartWith("[3,\"boot\",").And.Contain("Accepted"));
        await socket.CloseAsync();
    }

    [Test]
    public async Task The_gateways_own_charger_with_security_profile_1_connects_and_one_without_a_key_is_refused()
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        var keyed = await client.CreateChargerAsync("CP-OWN-1", "OCPP2.0.1", _factory.SandboxUrl, new { security_profile = 1, authorization_key = Key });
        var open = await client.CreateChargerAsync("CP-OWN-0", "OCPP2.0.1", _factory.SandboxUrl);
        await client.WaitForProvisioningAsync(keyed);
        await client.WaitForProvisioningAsync(open);

        await client.RuntimeAsync(keyed, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted", "profile 1 with its key");
        var refused = await client.RuntimeAsync(open, r => r.Str("state") == "failed", "profile 0 sends no credentials");
        Assert.That(refused["last_error"]?.GetValue<string>(), Does.Contain("401"));

        // Someone else using that identity needs its key, not only its name.
        Assert.That(await SandboxSocket.RefusedAsync(_factory.SandboxUrl, "CP-OWN-1", Basic("CP-OWN-1", "wrong-key-0123456789")), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await SandboxSocket.RefusedAsync(_factory.SandboxUrl, "CP-OTHER", Basic("CP-OWN-1", Key)), Is.EqualTo(HttpStatusCode.Unauthorized), "the user name must be the identity");
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
