using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Provisioning;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.FunctionalTests.Provisioning;
using OcppLab.Infrastructure.Provisioning;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// §2.7–2.9: the desired state is durable (after a process restart running chargers reconnect by
/// themselves and stopped ones stay stopped), and the runtime cannot be controlled before
/// provisioning is READY.
/// </summary>
public sealed class RuntimeRecoveryTests : LoopbackCsmsTests
{
    /// <summary>
    /// A gateway restarted within Ocpp:ResumeWithoutBootWithin resumes its chargers without a boot (ADR 10,
    /// LiveStateProcessTests); with it at zero every restart is a power-up, which this test asserts.
    /// </summary>
    private static readonly Dictionary<string, string?> AlwaysBoot = new() { ["Ocpp:ResumeWithoutBootWithin"] = "00:00:00" };

    private readonly List<string> _databases = [];

    [TearDown]
    public void DeleteDatabases()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in _databases)
        {
            GatewayFactory.DeleteDatabase(path);
        }

        _databases.Clear();
    }

    [Test]
    public async Task After_a_restart_running_chargers_reconnect_by_themselves_and_stopped_ones_stay_stopped()
    {
        var path = GatewayFactory.NewDatabasePath();
        _databases.Add(path);
        var org = GatewayApi.NewOrg();
        var running = Csms["CP-RECOVER-RUN"];
        var running201 = Csms["CP-RECOVER-RUN-201"];
        var stopped = Csms["CP-RECOVER-STOP"];
        string runId, run201Id, stopId;

        await using (var first = new GatewayFactory(path, settings: AlwaysBoot))
        {
            var client = first.ClientFor(org);
            runId = await client.CreateChargerAsync("CP-RECOVER-RUN", "OCPP1.6", Csms.Url());
            run201Id = await client.CreateChargerAsync("CP-RECOVER-RUN-201", "OCPP2.0.1", Csms.Url());
            stopId = await client.CreateChargerAsync("CP-RECOVER-STOP", "OCPP1.6", Csms.Url());
            foreach (var id in new[] { runId, run201Id, stopId })
            {
                Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));
                await client.RuntimeAsync(id, r => r.Str("state") == "connected");
            }

            Assert.That((int)(await client.PostJsonAsync($"/ocpp/chargers/{stopId}/stop-charger", new { })).StatusCode, Is.EqualTo(202));
            Assert.That(stopped.Open, Is.Zero);
        }

        // A graceful stop closes every connection normally.
        Assert.Multiple(() =>
        {
            foreach (var station in new[] { running, running201 })
            {
                Assert.That(station.Open, Is.Zero);
                Assert.That(station.Closes.Select(c => c.Status), Is.EqualTo(new WebSocketCloseStatus?[] { WebSocketCloseStatus.NormalClosure }));
            }
        });

        await using var second = new GatewayFactory(path, settings: AlwaysBoot);
        var again = second.ClientFor(org);
        foreach (var id in new[] { runId, run201Id })
        {
            var runtime = await again.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
            Assert.That(runtime.Str("desired_state"), Is.EqualTo("running"));
        }

        var stillStopped = await again.RuntimeAsync(stopId, _ => true);
        Assert.Multiple(() =>
        {
            Assert.That(running.Connections, Is.EqualTo(2));
            Assert.That(running201.Connections, Is.EqualTo(2));
            Assert.That(running.BootNotifications, Is.EqualTo(2), "a process restart is a power-up");
            Assert.That(stillStopped.Str("desired_state"), Is.EqualTo("stopped"));
            Assert.That(stillStopped.Str("state"), Is.EqualTo("stopped"));
            Assert.That(stopped.Connections, Is.EqualTo(1), "the stopped charger did not connect");
        });

        // And the stopped one starts on request, on the new process.
        Assert.That((int)(await again.PostJsonAsync($"/ocpp/chargers/{stopId}/start-charger", new { })).StatusCode, Is.EqualTo(202));
        await again.RuntimeAsync(stopId, r => r.Str("state") == "connected");
        Assert.That(stopped.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task Start_stop_and_restart_are_409_until_provisioning_is_READY()
    {
        // prepare_runtime_state waits for the test's word per charger: true to succeed, false to fail for good.
        var outcomes = new ConcurrentDictionary<string, TaskCompletionSource<bool>>(StringComparer.Ordinal);
        TaskCompletionSource<bool> Outcome(string id) => outcomes.GetOrAdd(id, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        var step = new ScriptedStep(WorkflowSteps.PrepareRuntimeState, async (run, ct) =>
            await Outcome(run.SubjectId).Task.WaitAsync(ct)
                ? StepResult.Done
                : throw new StepFailedException("scripted", "The test failed this step.", retryable: false));
        await using var factory = new GatewayFactory(configureServices: services => services.AddScoped<IWorkflowStep>(_ => step));
        var client = factory.ClientFor(GatewayApi.NewOrg());
        string[] actions = ["start-charger", "stop-charger", "restart-charger"];

        var waiting = await client.CreateChargerAsync("CP-409-WAIT", "OCPP1.6", Csms.Url());
        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{waiting}/status")).Str("status"), Is.AnyOf("PENDING", "PROVISIONING"));
        foreach (var action in actions)
        {
            await (await client.PostJsonAsync($"/ocpp/chargers/{waiting}/{action}", new { })).AssertProblemAsync(409);
        }

        var failing = await client.CreateChargerAsync("CP-409-FAIL", "OCPP1.6", Csms.Url());
        Outcome(failing).SetResult(false);
        Assert.That((await client.WaitForProvisioningAsync(failing)).Str("status"), Is.EqualTo("FAILED"));
        foreach (var action in actions)
        {
            await (await client.PostJsonAsync($"/ocpp/chargers/{failing}/{action}", new { })).AssertProblemAsync(409);
        }

        Assert.That(Csms["CP-409-WAIT"].Connections + Csms["CP-409-FAIL"].Connections, Is.Zero, "a refused call starts nothing");
        var desired = (await client.GetJsonAsync($"/ocpp/chargers/{waiting}"))["runtime"]!.Str("desired_state");
        Assert.That(desired, Is.EqualTo("running"), "a refused stop did not change the desired state");

        Outcome(waiting).SetResult(true);
        Assert.That((await client.WaitForProvisioningAsync(waiting)).Str("status"), Is.EqualTo("READY"));
        await client.RuntimeAsync(waiting, r => r.Str("state") == "connected");
        Assert.That((await client.PostJsonAsync($"/ocpp/chargers/{waiting}/stop-charger", new { })).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted));
    }
}
