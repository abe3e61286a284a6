using System.Diagnostics;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// Two built gateways, each its own process, on one SQLite file, against one CSMS that counts the
/// live connections of every identity: only the owner of the runtime lease runs chargers, changes
/// made through the standby reach the owner, and when the owner is killed (no shutdown code runs)
/// the standby takes over within a lease period and brings every charger back exactly once.
/// </summary>
[NonParallelizable]
public sealed class TwoGatewayProcessesTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Two_gateways_on_one_database_run_each_charger_once_and_the_standby_takes_over_when_the_owner_is_killed()
    {
        await using var csms = await TestCsms.StartAsync();
        var database = TestDatabase.Create();
        var settings = new Dictionary<string, string>(TestDatabase.Settings(database))
        {
            ["Auth:SigningKey"] = GatewayFactory.SigningKey,
            ["Ownership:LeaseDuration"] = "00:00:04",
            ["Ownership:ReconcileInterval"] = "00:00:00.500",
            ["Workflows:PollInterval"] = "00:00:00.200",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning",
        };
        var token = TestTokens.Create(organizationId: GatewayApi.NewOrg("two"));
        try
        {
            // A first, so that it migrates the new database alone and takes the lease; its chargers
            // are running when B starts (which, before the lease, recovered them a second time).
            await using var a = await GatewayProcess.StartAsync("a", settings, Deadline);
            using var clientA = a.Client(token);
            var identities = new[] { "CP-TWO-A1", "CP-TWO-A2", "CP-TWO-B1", "CP-TWO-B2" };
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var identity in identities.Take(2))
            {
                ids[identity] = await clientA.CreateChargerAsync(identity, "OCPP1.6", csms.Url());
                Assert.That((await clientA.WaitForProvisioningAsync(ids[identity], Deadline)).Str("status"), Is.EqualTo("READY"));
                await Eventually.UntilAsync(() => Task.FromResult(csms[identity].Open == 1), Deadline, $"{identity} connects");
            }

            await using var b = await GatewayProcess.StartAsync("b", settings, Deadline);
            using var clientB = b.Client(token);
            var readyA = await clientA.GetJsonAsync("/health/ready");
            var readyB = await clientB.GetJsonAsync("/health/ready");
            Assert.Multiple(() =>
            {
                Assert.That(readyA.Str("runtime"), Is.EqualTo("owner"), a.Output);
                Assert.That(readyB.Str("runtime"), Is.EqualTo("standby"), b.Output);
                Assert.That(readyB.Str("owner"), Is.EqualTo(readyA.Str("node")), "the standby names the owner");
                Assert.That(readyB.Str("status"), Is.EqualTo("Healthy"), "a standby serves the API");
                Assert.That(b.Lines, Has.Some.Contains("This gateway is on standby: the database is owned by " + readyA.Str("node")));
            });

            // Two more created through the standby: the owner brings them up, once each.
            foreach (var identity in identities.Skip(2))
            {
                ids[identity] = await clientB.CreateChargerAsync(identity, "OCPP1.6", csms.Url());
            }

            foreach (var identity in identities)
            {
                Assert.That((await clientB.WaitForProvisioningAsync(ids[identity], Deadline)).Str("status"), Is.EqualTo("READY"));
                await Eventually.UntilAsync(() => Task.FromResult(csms[identity].Open == 1), Deadline, $"{identity} has one connection");
            }

            Assert.That(identities.Select(i => csms[i].MaxOpen), Has.All.EqualTo(1), "no identity ever had two live connections");

            // The standby does not know the live state, and says where the session is.
            var throughB = await clientB.GetJsonAsync($"/ocpp/chargers/{ids["CP-TWO-B1"]}");
            var proxy = await (await clientB.PostJsonAsync("/ocpp/commands/proxy-message", new
            {
                target = new { charger_id = ids["CP-TWO-B1"] },
                @event = new { action = "Heartbeat", payload = new { } },
            })).AssertProblemAsync(409);
            var stats = await (await clientB.GetAsync($"/ocpp/chargers/{ids["CP-TWO-B1"]}/stats")).AssertProblemAsync(409);
            Assert.Multiple(() =>
            {
                Assert.That(throughB["runtime"]!["state"], Is.Null, "a standby reports no live state");
                Assert.That(throughB["runtime"]!.Str("desired_state"), Is.EqualTo("running"));
                Assert.That(proxy.Str("detail"), Does.Contain(readyA.Str("node")));
                Assert.That(stats.Str("detail"), Does.Contain(readyA.Str("node")));
            });

            // Stopped through the standby: the owner closes the connection.
            await (await clientB.PostAsync($"/ocpp/chargers/{ids["CP-TWO-A1"]}/stop-charger", null)).ExpectJsonAsync(202);
            await Eventually.UntilAsync(() => Task.FromResult(csms["CP-TWO-A1"].Open == 0), Deadline, "stopping through the standby disconnects the charger");

            // Restarted through the standby: the owner reboots it (a second connection, never two at once).
            await (await clientB.PostAsync($"/ocpp/chargers/{ids["CP-TWO-A2"]}/restart-charger", null)).ExpectJsonAsync(202);
            await Eventually.UntilAsync(
                () => Task.FromResult(csms["CP-TWO-A2"].Connections == 2 && csms["CP-TWO-A2"].Open == 1),
                Deadline,
                "restarting through the standby reconnects the charger");

            // The owner dies without a word: the standby takes over within a lease period and recovers the fleet.
            await a.KillAsync();
            var clock = Stopwatch.StartNew();
            await Eventually.UntilAsync(
                async () => (await clientB.GetJsonAsync("/health/ready")).Str("runtime") == "owner",
                Deadline,
                "the standby takes over");
            var takeover = clock.Elapsed;
            foreach (var identity in identities.Where(i => i != "CP-TWO-A1"))
            {
                await Eventually.UntilAsync(() => Task.FromResult(csms[identity].Open == 1), Deadline, $"{identity} is back, once");
            }

            TestContext.Out.WriteLine($"takeover after {takeover.TotalSeconds:0.0} s (lease {LeaseDuration.TotalSeconds:0} s)");
            Assert.Multiple(() =>
            {
                Assert.That(takeover, Is.LessThan(LeaseDuration + TimeSpan.FromSeconds(10)), "within about a lease period (plus a loaded machine's slack)");
                Assert.That(b.Lines, Has.Some.Contains("took over the charger runtime"));
                Assert.That(csms["CP-TWO-A1"].Open, Is.Zero, "a stopped charger stays stopped");
                foreach (var identity in identities)
                {
                    Assert.That(csms[identity].MaxOpen, Is.EqualTo(1), $"{identity} never had two live connections");
                }
            });

            Assert.That(await b.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, "a graceful stop");
        }
        finally
        {
            TestDatabase.Delete(database);
        }
    }
}
