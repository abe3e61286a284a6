using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>Security profile 1 (protocol §7): HTTP Basic auth with the identity as user name, on every connection.</summary>
public sealed class BasicAuthTests : GatewayTest
{
    private const string Password = "s3cret-s3cret-16";

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task The_right_key_is_accepted_on_every_connection(string version)
    {
        var charger = await NewChargerAsync(version, new IdentityConfig(Password: Password), securityProfile: 1, authorizationKey: Password);

        var peer = await charger.PeerStateAsync();
        Assert.Multiple(() =>
        {
            Assert.That(peer.AuthUsername, Is.EqualTo(charger.Identity), "the Basic-auth user name is the identity");
            Assert.That(peer.AuthFailures, Is.Zero);
            Assert.That(peer.Connected, Is.True);
        });

        // A reboot opens a new connection: it authenticates again.
        await charger.Api.RestartAsync(charger.Id);
        await charger.WaitForAsync(t => charger.IsBooted(t, 2), "a boot on the second connection");
        peer = await charger.PeerStateAsync();
        Assert.That((peer.Connections, peer.AuthFailures), Is.EqualTo((2, 0)));

        var resource = await charger.Api.GetChargerAsync(charger.Id);
        Assert.That(resource["security_profile"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(resource.ToJsonString(), Does.Not.Contain(Password), "authorization_key is write-only");
        await AssertNoViolationsAsync();
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_wrong_key_is_refused_with_401_and_the_charger_keeps_retrying_until_the_key_is_fixed(string version)
    {
        var charger = await NewChargerAsync(version, new IdentityConfig(Password: Password), securityProfile: 1, authorizationKey: "wrong-key-wrong-key-0", waitForBoot: false);

        var runtime = await charger.WaitForRuntimeAsync(
            r => SimulatedCharger.Text(r, "last_error")?.Contains("401", StringComparison.Ordinal) == true,
            "a last_error naming the 401");
        Assert.That(SimulatedCharger.Text(runtime, "state"), Is.AnyOf("failed", "reconnecting"), runtime.ToJsonString());
        Assert.That(SimulatedCharger.Text(runtime, "boot_status"), Is.Null);

        // It keeps trying, with back-off.
        var peer = await Eventually.UntilAsync(charger.PeerStateAsync, p => p.AuthFailures >= 3, TimeSpan.FromSeconds(30), "three refused attempts");
        Assert.Multiple(() =>
        {
            Assert.That(peer.Connections, Is.Zero, "never connected");
            Assert.That(peer.AuthUsername, Is.EqualTo(charger.Identity));
            Assert.That(peer.RefusedUpgrades.Select(r => r.Status), Is.All.EqualTo(401));
        });
        for (var i = 1; i < peer.RefusedUpgrades.Count; i++)
        {
            Assert.That(peer.RefusedUpgrades[i].Time - peer.RefusedUpgrades[i - 1].Time, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), $"back-off (1 s at least) before attempt {i + 1}");
        }

        Assert.That((await charger.TraceAsync()).Frames, Is.Empty);
        runtime = await charger.RuntimeAsync();
        Assert.That(SimulatedCharger.Text(runtime, "state"), Is.AnyOf("failed", "reconnecting"), runtime.ToJsonString());

        // The right key, applied at the next restart.
        using (var response = await charger.Api.Http.PutAsJsonAsync($"/ocpp/chargers/{charger.Id}", new JsonObject { ["authorization_key"] = Password }))
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        }

        await charger.Api.RestartAsync(charger.Id);
        await charger.WaitUntilBootedAsync();
        peer = await charger.PeerStateAsync();
        Assert.That(peer.Connections, Is.EqualTo(1));
        await AssertNoViolationsAsync();
    }
}
