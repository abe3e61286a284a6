using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Domain.Provisioning;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Persistence;
using OcppLab.Infrastructure.Provisioning;
using OcppLab.Infrastructure.Provisioning.Steps;

namespace OcppLab.FunctionalTests.Provisioning;

/// <summary>
/// §2.2 durable provisioning: a run survives a restart (graceful or a crash that kept the lease),
/// transient failures are retried with back-off, permanent or exhausted failures end FAILED, and two
/// gateways on one database share the runs without ever running a step twice at once.
/// </summary>
public sealed class DurableProvisioningTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

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

    private string SharedDatabase()
    {
        var path = GatewayFactory.NewDatabasePath();
        _databases.Add(path);
        return path;
    }

    private static Action<IServiceCollection> Replace(params ScriptedStep[] steps) => services =>
    {
        foreach (var step in steps)
        {
            services.AddScoped<IWorkflowStep>(_ => step);
        }
    };

    private static TaskCompletionSource<T> Gate<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static JsonNode Step(JsonNode status, string name) =>
        status["steps"]!.AsArray().Single(s => s.Str("name") == name)!;

    private static int Attempts(JsonNode status, string name) => Step(status, name)["attempts"]!.GetValue<int>();

    [Test]
    public async Task A_run_interrupted_by_a_shutdown_mid_step_completes_after_the_restart()
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var entered = Gate<string>();
        var never = Gate<bool>();
        var blocking = new ScriptedStep("prepare_runtime_state", async (run, ct) =>
        {
            entered.TrySetResult(run.SubjectId);
            await never.Task.WaitAsync(ct);
            return StepResult.Done;
        });

        string id;
        await using (var first = new GatewayFactory(path, Replace(blocking)))
        {
            var client = first.ClientFor(org);
            id = await client.CreateChargerAsync("CP-RESTART");
            Assert.That(await entered.Task.WaitAsync(Deadline), Is.EqualTo(id));

            var during = await client.GetJsonAsync($"/ocpp/chargers/{id}/status");
            Assert.Multiple(() =>
            {
                Assert.That(during.Str("status"), Is.EqualTo("PROVISIONING"));
                Assert.That(Step(during, "validate_model").Str("status"), Is.EqualTo("SUCCEEDED"));
                Assert.That(Step(during, "prepare_runtime_state").Str("status"), Is.EqualTo("RUNNING"));
                Assert.That(Attempts(during, "prepare_runtime_state"), Is.EqualTo(1));
            });
        }

        await using (var db = GatewayFactory.OpenDatabase(path))
        {
            var run = await db.WorkflowRuns.AsNoTracking().SingleAsync(r => r.SubjectId == id);
            Assert.That(run.Status, Is.EqualTo(WorkflowStatus.Running), "the shutdown interrupted the run");
            Assert.That(run.LeaseOwner, Is.Null, "a graceful shutdown gives the run back");
        }

        await using var second = new GatewayFactory(path);
        var status = await second.ClientFor(org).WaitForProvisioningAsync(id, Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(status.Str("status"), Is.EqualTo("READY"), status.ToJsonString());
            Assert.That(status["steps"]!.AsArray().Select(s => s.Str("status")), Has.All.EqualTo("SUCCEEDED"));
            Assert.That(Attempts(status, "validate_model"), Is.EqualTo(1), "a finished step is not run again");
            Assert.That(Attempts(status, "prepare_runtime_state"), Is.EqualTo(2), "the interrupted attempt and the resumed one");
        });
    }

    [Test]
    public async Task A_run_whose_owner_crashed_holding_the_lease_is_taken_over_once_the_lease_expires()
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var entered = Gate<string>();
        var never = Gate<bool>();
        var blocking = new ScriptedStep("validate_model", async (run, ct) =>
        {
            entered.TrySetResult(run.SubjectId);
            await never.Task.WaitAsync(ct);
            return StepResult.Done;
        });

        string id;
        await using (var first = new GatewayFactory(path, Replace(blocking)))
        {
            id = await first.ClientFor(org).CreateChargerAsync("CP-CRASH");
            Assert.That(await entered.Task.WaitAsync(Deadline), Is.EqualTo(id));
        }

        // What a killed process leaves behind: the run mid-step, still leased to it.
        var leaseExpiresAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        await using (var db = GatewayFactory.OpenDatabase(path))
        {
            var rows = await db.WorkflowRuns.Where(r => r.SubjectId == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.LeaseOwner, "crashed-gateway")
                .SetProperty(r => r.LeaseExpiresAt, leaseExpiresAt));
            Assert.That(rows, Is.EqualTo(1));
        }

        await using var second = new GatewayFactory(path, settings: new Dictionary<string, string?> { ["Workflows:LeaseDuration"] = "00:00:01" });
        var status = await second.ClientFor(org).WaitForProvisioningAsync(id, Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(status.Str("status"), Is.EqualTo("READY"), status.ToJsonString());
            Assert.That(DateTimeOffset.Parse(status.Str("provisioned_at")), Is.GreaterThanOrEqualTo(leaseExpiresAt.AddMilliseconds(-1)),
                "nobody may take a run over before its lease expires");
            Assert.That(Attempts(status, "validate_model"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_transient_failure_is_retried_after_the_back_off_and_the_run_succeeds()
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var starts = new ConcurrentQueue<DateTimeOffset>();
        var failures = new ConcurrentQueue<DateTimeOffset>();
        var thirdAttempt = Gate<bool>();
        var release = Gate<bool>();
        var attempts = 0;
        var flaky = new ScriptedStep("validate_model", async (_, ct) =>
        {
            starts.Enqueue(DateTimeOffset.UtcNow);
            if (Interlocked.Increment(ref attempts) <= 2)
            {
                failures.Enqueue(DateTimeOffset.UtcNow);
                throw new StepFailedException("csms_busy", "The CSMS is busy.", retryable: true);
            }

            thirdAttempt.TrySetResult(true);
            await release.Task.WaitAsync(ct);
            return StepResult.Done;
        });
        var settings = new Dictionary<string, string?>
        {
            ["Workflows:RetryBaseDelay"] = "00:00:00.200",
            ["Workflows:RetryMaxDelay"] = "00:00:01",
            ["Workflows:MaxAttempts"] = "5",
        };
        await using var factory = new GatewayFactory(path, Replace(flaky), settings);
        var client = factory.ClientFor(org);

        var id = await client.CreateChargerAsync("CP-FLAKY");
        await thirdAttempt.Task.WaitAsync(Deadline);
        var during = await client.GetJsonAsync($"/ocpp/chargers/{id}/status");
        release.TrySetResult(true);
        var status = await client.WaitForProvisioningAsync(id, Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(during.Str("status"), Is.EqualTo("PROVISIONING"));
            Assert.That(during["error"], Is.Null, "a retried failure is not the run's error");
            Assert.That(Attempts(during, "validate_model"), Is.EqualTo(3));
            Assert.That(Step(during, "validate_model").Str("last_error"), Does.Contain("csms_busy").And.Contain("The CSMS is busy."));
            Assert.That(status.Str("status"), Is.EqualTo("READY"), status.ToJsonString());
            Assert.That(Attempts(status, "validate_model"), Is.EqualTo(3));
            Assert.That(Step(status, "validate_model")["last_error"], Is.Null);
        });
        var startTimes = starts.ToArray();
        var failureTimes = failures.ToArray();
        Assert.That(startTimes, Has.Length.EqualTo(3));
        Assert.That(startTimes[1] - failureTimes[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(199)), "back-off after the 1st attempt: base");
        Assert.That(startTimes[2] - failureTimes[1], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(399)), "back-off after the 2nd attempt: 2 × base");
    }

    [Test]
    public async Task A_permanent_failure_ends_the_run_FAILED_at_once_and_never_starts_the_runtime()
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var calls = 0;
        var broken = new ScriptedStep("prepare_runtime_state", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new StepFailedException("model_retired", "The model was retired.", retryable: false);
        });
        await using var factory = new GatewayFactory(path, Replace(broken));
        var client = factory.ClientFor(org);

        var id = await client.CreateChargerAsync("CP-BROKEN");
        var status = await client.WaitForProvisioningAsync(id, Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(status.Str("status"), Is.EqualTo("FAILED"), status.ToJsonString());
            Assert.That(status["error"]!.Str("code"), Is.EqualTo("model_retired"));
            Assert.That(status["error"]!.Str("message"), Is.EqualTo("The model was retired."));
            Assert.That(status["error"]!["retryable"]!.GetValue<bool>(), Is.False);
            Assert.That(status["provisioned_at"], Is.Null);
            Assert.That(Step(status, "validate_model").Str("status"), Is.EqualTo("SUCCEEDED"));
            Assert.That(Step(status, "prepare_runtime_state").Str("status"), Is.EqualTo("FAILED"));
            Assert.That(Attempts(status, "prepare_runtime_state"), Is.EqualTo(1));
            Assert.That(Step(status, "prepare_runtime_state").Str("last_error"), Does.Contain("model_retired"));
            Assert.That(status["steps"]!.AsArray().Where(s => s.Str("name") is not ("validate_model" or "prepare_runtime_state")).Select(s => s!["attempts"]!.GetValue<int>()),
                Has.All.Zero, "no step runs after the failed one");
            Assert.That(Volatile.Read(ref calls), Is.EqualTo(1));
        });
        var charger = await client.GetJsonAsync($"/ocpp/chargers/{id}");
        Assert.That(charger.Str("provisioning_status"), Is.EqualTo("FAILED"));
        Assert.That(charger["runtime"]!.Str("state"), Is.EqualTo("stopped"));
    }

    [TestCase(false, "csms_unreachable", TestName = "A retryable failure that exhausts MaxAttempts ends FAILED with retryable true")]
    [TestCase(true, "internal_error", TestName = "An unexpected exception is retried up to MaxAttempts then ends FAILED with retryable true")]
    public async Task Exhausted_retries_end_FAILED_and_retryable(bool unexpected, string code)
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var calls = 0;
        var failing = new ScriptedStep("validate_model", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw unexpected
                ? new InvalidOperationException("Something odd happened.")
                : new StepFailedException("csms_unreachable", "The CSMS did not answer.", retryable: true);
        });
        var settings = new Dictionary<string, string?> { ["Workflows:MaxAttempts"] = "3" };
        await using var factory = new GatewayFactory(path, Replace(failing), settings);
        var client = factory.ClientFor(org);

        var id = await client.CreateChargerAsync("CP-EXHAUSTED");
        var status = await client.WaitForProvisioningAsync(id, Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(status.Str("status"), Is.EqualTo("FAILED"), status.ToJsonString());
            Assert.That(status["error"]!.Str("code"), Is.EqualTo(code));
            Assert.That(status["error"]!.Str("message"), Is.Not.Empty);
            Assert.That(status["error"]!["retryable"]!.GetValue<bool>(), Is.True);
            Assert.That(Attempts(status, "validate_model"), Is.EqualTo(3));
            Assert.That(Step(status, "validate_model").Str("status"), Is.EqualTo("FAILED"));
            Assert.That(Volatile.Read(ref calls), Is.EqualTo(3));
        });
        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{id}")).Str("provisioning_status"), Is.EqualTo("FAILED"));
    }

    [Test]
    public async Task Deleting_a_charger_mid_provisioning_ends_its_run_and_nothing_comes_back()
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var entered = Gate<string>();
        var release = Gate<bool>();
        var blocking = new ScriptedStep("validate_model", async (run, ct) =>
        {
            if (entered.TrySetResult(run.SubjectId))
            {
                await release.Task.WaitAsync(ct);
            }

            return StepResult.Done;
        });
        await using var factory = new GatewayFactory(path, Replace(blocking));
        var client = factory.ClientFor(org);
        var id = await client.CreateChargerAsync("CP-DELETED-MID-RUN");
        await entered.Task.WaitAsync(Deadline);

        Assert.That((await client.DeleteAsync($"/ocpp/chargers/{id}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NoContent));
        release.TrySetResult(true);

        // The runner gets on with other work, and the deleted charger's run left nothing behind.
        var other = await client.CreateChargerAsync("CP-AFTER");
        Assert.That((await client.WaitForProvisioningAsync(other, Deadline)).Str("status"), Is.EqualTo("READY"));
        await (await client.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
        var leftovers = await factory.WithDbAsync(async db => new
        {
            Chargers = await db.Chargers.CountAsync(c => c.Id == id),
            Runs = await db.WorkflowRuns.CountAsync(r => r.SubjectId == id),
            States = await db.ChargerStates.CountAsync(s => s.ChargerId == id),
        });
        Assert.That(leftovers, Is.EqualTo(new { Chargers = 0, Runs = 0, States = 0 }));
        Assert.That(await factory.Services.GetRequiredService<OcppLab.Application.Abstractions.IChargerRuntime>().GetStateAsync(id, CancellationToken.None), Is.Null, "no runtime for a deleted charger");
    }

    [Test]
    public async Task A_bulk_job_whose_location_was_deleted_before_it_ran_ends_FAILED_with_its_error()
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var entered = Gate<bool>();
        var release = Gate<bool>();
        await using var factory = new GatewayFactory(path, services => services.AddScoped<IWorkflowStep>(sp => new ScriptedStep(
            "create_chargers",
            async (run, ct) =>
            {
                entered.TrySetResult(true);
                await release.Task.WaitAsync(ct);
                return await new CreateChargersStep(sp.GetRequiredService<OcppLabDbContext>(), TimeProvider.System).ExecuteAsync(run, ct);
            })));
        var client = factory.ClientFor(org);
        var location = await client.CreateLocationIdAsync("Short-lived");
        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new { template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = GatewayApi.WsUrl, identity_prefix = "G-" }, chargers_number = 2 },
        })).ExpectJsonAsync(202);
        await entered.Task.WaitAsync(Deadline);

        Assert.That((await client.DeleteAsync($"/ocpp/locations/{location}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NoContent));
        release.TrySetResult(true);
        var job = await client.WaitForJobAsync(accepted.Str("status_url"), Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(job.Str("status"), Is.EqualTo("FAILED"), job.ToJsonString());
            Assert.That(job["error"]!.Str("code"), Is.EqualTo("location_not_found"));
            Assert.That(job["error"]!.Str("message"), Does.Contain(location));
            Assert.That(job["error"]!["retryable"]!.GetValue<bool>(), Is.False);
            Assert.That(job["provisioned_at"], Is.Null);
            Assert.That(job["results"]!["created"]!.AsArray(), Is.Empty);
            Assert.That(job["results"]!["failed"]!.AsArray(), Is.Empty);
        });
        Assert.That((await client.GetJsonAsync("/ocpp/chargers"))["total"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task A_bulk_step_that_fails_after_writing_its_chargers_is_retried_without_duplicates()
    {
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var attempts = 0;
        await using var factory = new GatewayFactory(path, services => services.AddScoped<IWorkflowStep>(sp => new ScriptedStep(
            "create_chargers",
            async (run, ct) =>
            {
                var real = new CreateChargersStep(sp.GetRequiredService<OcppLabDbContext>(), TimeProvider.System);
                var result = await real.ExecuteAsync(run, ct);
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    throw new StepFailedException("lost_connection", "The connection dropped after the write.", retryable: true);
                }

                return result;
            })));
        var client = factory.ClientFor(org);
        var location = await client.CreateLocationIdAsync("Retried bulk");

        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new
            {
                template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = GatewayApi.WsUrl, identity_prefix = "R-" },
                chargers_number = 300,
            },
        })).ExpectJsonAsync(202);
        var job = await client.WaitForJobAsync(accepted.Str("status_url"), TimeSpan.FromSeconds(60));

        Assert.That(job.Str("status"), Is.EqualTo("READY"), job.ToJsonString());
        Assert.That(Volatile.Read(ref attempts), Is.EqualTo(2));
        Assert.That(job["results"]!["created"]!.AsArray(), Has.Count.EqualTo(300));
        Assert.That(job["results"]!["failed"]!.AsArray(), Is.Empty, "chargers written by the failed attempt count as created, not as duplicates");
        var page = await client.GetJsonAsync($"/ocpp/locations/{location}/chargers?limit=1");
        Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(300));
    }

    [Test]
    public async Task Two_gateways_on_one_database_share_the_runs_and_never_run_a_step_twice()
    {
        const int Chargers = 30;
        var path = SharedDatabase();
        var org = GatewayApi.NewOrg();
        var tracker = new ExecutionTracker();
        var settings = new Dictionary<string, string?> { ["Workflows:MaxConcurrency"] = "2" };
        Action<IServiceCollection> Recording(string instance) => Replace(
            [.. new[] { "validate_model", "prepare_runtime_state", "start_runtime" }
                .Select(name => new ScriptedStep(name, (run, ct) => tracker.ExecuteAsync(instance, run.Id, name, ct)))]);

        await using var a = new GatewayFactory(path, Recording("A"), settings);
        await using var b = new GatewayFactory(path, Recording("B"), settings);
        var clientA = a.ClientFor(org);
        var clientB = b.ClientFor(org);
        var ids = new List<string>();
        for (var i = 0; i < Chargers; i++)
        {
            ids.Add(await (i % 2 == 0 ? clientA : clientB).CreateChargerAsync($"CP-SHARED-{i:00}"));
        }

        foreach (var id in ids)
        {
            var status = await (ids.IndexOf(id) % 2 == 0 ? clientB : clientA).WaitForProvisioningAsync(id, Deadline);
            Assert.That(status.Str("status"), Is.EqualTo("READY"), status.ToJsonString());
        }

        var attempts = await a.WithDbAsync(db => db.WorkflowSteps.AsNoTracking().Select(s => new { s.RunId, s.Name, s.Attempts }).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(attempts, Has.Count.EqualTo(Chargers * 3));
            Assert.That(attempts.Where(s => s.Attempts != 1), Is.Empty, "every step of every run ran exactly once");
            Assert.That(tracker.MaxConcurrentPerStep, Is.EqualTo(1), "no step of a run ever ran in both gateways at once");
            Assert.That(tracker.Executions.Values, Has.All.EqualTo(1));
            Assert.That(tracker.Executions, Has.Count.EqualTo(Chargers * 3));
            Assert.That(tracker.StepsBy("A"), Is.Positive, "gateway A did part of the work");
            Assert.That(tracker.StepsBy("B"), Is.Positive, "gateway B did part of the work");
        });
        TestContext.Out.WriteLine($"steps run by A: {tracker.StepsBy("A")}, by B: {tracker.StepsBy("B")}");
    }

    /// <summary>Counts executions per (run, step) across gateways; holds every step until both gateways have run one.</summary>
    private sealed class ExecutionTracker
    {
        private readonly ConcurrentDictionary<(string Run, string Step), int> _running = new();
        private readonly ConcurrentDictionary<string, int> _byInstance = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _bothStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _maxConcurrent;

        public ConcurrentDictionary<(string Run, string Step), int> Executions { get; } = new();

        public int MaxConcurrentPerStep => Volatile.Read(ref _maxConcurrent);

        public int StepsBy(string instance) => _byInstance.GetValueOrDefault(instance);

        public async Task<StepResult> ExecuteAsync(string instance, string runId, string step, CancellationToken cancellationToken)
        {
            var key = (runId, step);
            var concurrent = _running.AddOrUpdate(key, 1, (_, n) => n + 1);
            InterlockedMax(ref _maxConcurrent, concurrent);
            Executions.AddOrUpdate(key, 1, (_, n) => n + 1);
            _byInstance.AddOrUpdate(instance, 1, (_, n) => n + 1);
            try
            {
                if (_byInstance.Count == 2)
                {
                    _bothStarted.TrySetResult();
                }

                // Both gateways must hold runs at the same time: neither may finish everything alone.
                await _bothStarted.Task.WaitAsync(cancellationToken);
                await Task.Yield();
                return StepResult.Done;
            }
            finally
            {
                _running.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
