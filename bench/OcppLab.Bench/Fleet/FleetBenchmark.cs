using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OcppLab.Bench.Common;

namespace OcppLab.Bench.Fleet;

/// <summary>
/// Issue #3 §7: N chargers through the real gateway (a separate Release process) against the loopback
/// CSMS (another process). Phase A provisions the fleet with bulk jobs; phase B restarts the gateway
/// and measures the recovery boot storm, then the steady state (RSS, CPU, frames/s), the end-to-end
/// log latency, and finally frames lost (CSMS count against charger_logs rows).
/// </summary>
internal sealed partial class FleetBenchmark(BenchOptions options)
{
    private const int MaxPerBulkCall = 1000;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly int _chargers = options.Int("chargers", 10_000);
    private readonly int _gatewayPort = options.Int("gateway-port", 0) is > 0 and var g ? g : Ports.Free();
    private readonly int _csmsPort = options.Int("csms-port", 0) is > 0 and var c ? c : Ports.Free();
    private readonly int _steadySeconds = Math.Max(10, options.Int("steady-seconds", 60));
    private readonly int _settleSeconds = options.Int("settle-seconds", 35);
    private readonly int _probes = options.Int("probes", 300);
    private readonly int _countersSeconds = options.Int("counters-seconds", 30);
    private readonly TimeSpan _phaseTimeout = TimeSpan.FromSeconds(options.Int("phase-timeout", 600));

    private string GatewayUrl => $"http://127.0.0.1:{_gatewayPort}";
    private string CsmsUrl => $"http://127.0.0.1:{_csmsPort}";

    public async Task<int> RunAsync()
    {
        var root = Paths.RepoRoot();
        // --gateway-dll: another build of the gateway (run.sh --baseline builds one of an earlier commit).
        var gatewayDll = options.Text("gateway-dll", Path.Combine(root, "src", "Api", "bin", "Release", "net10.0", "OcppLab.Api.dll"));
        var csmsDll = Path.Combine(root, "bench", "LoopbackCsms", "bin", "Release", "net10.0", "LoopbackCsms.dll");
        foreach (var dll in new[] { gatewayDll, csmsDll })
        {
            if (!File.Exists(dll))
            {
                Console.Error.WriteLine($"{dll} is missing: build in Release first (bench/run.sh does).");
                return 2;
            }
        }

        var dir = Paths.NewResultsDirectory("fleet");
        var report = new Report($"Fleet benchmark: {_chargers:N0} chargers (issue #3 §7)", dir);
        Console.WriteLine($"Fleet benchmark, {_chargers} chargers; results in {dir}");
        report.Add("machine load average (1/5/15 min) at start", SystemCpuWindow.LoadAverage());
        report.Note($"gateway: `{gatewayDll}`");

        var database = Path.Combine(dir, "gateway.db");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__OcppLab"] = $"Data Source={database}",
            ["Auth__SigningKey"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // Phase B measures the boot storm of a restart. A graceful restart within the resume window
            // reconnects without a boot (ADR 10), which would leave no storm to measure: every restart
            // here is a power-up, as before the live state. `--env Ocpp__ResumeWithoutBootWithin=…` overrides.
            ["Ocpp__ResumeWithoutBootWithin"] = "00:00:00",
        };
        foreach (var pair in options.All("env"))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            environment[pair[..eq]] = pair[(eq + 1)..];
            report.Note($"gateway environment override: `{pair}`");
        }

        using var csmsHttp = new HttpClient { BaseAddress = new Uri(CsmsUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var csms = ManagedProcess.Start("csms", csmsDll, ["--urls", CsmsUrl], new Dictionary<string, string>(), dir, Path.Combine(dir, "csms.log"));
        await WaitForAsync(csmsHttp, "/stats", TimeSpan.FromSeconds(30));

        // ---- Phase A: fresh gateway, idle RSS, bulk provisioning -------------------------------------------
        Console.WriteLine("Phase A: provisioning");
        var gatewayA = StartGateway(gatewayDll, environment, dir, "gateway-a.log");
        List<(string Id, string Identity)> created;
        using var api = new HttpClient { BaseAddress = new Uri(GatewayUrl), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            await WaitForAsync(api, "/health/ready", TimeSpan.FromSeconds(120));
            var token = MintToken(gatewayDll, environment);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < 5; i++)
            {
                (await api.GetAsync(new Uri("/ocpp/chargers", UriKind.Relative))).EnsureSuccessStatusCode();
                (await api.GetAsync(new Uri("/ocpp/catalog/brands", UriKind.Relative))).EnsureSuccessStatusCode();
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            var idleCpu = new CpuWindow(gatewayA.Pid);
            await Task.Delay(TimeSpan.FromSeconds(15));
            var idleRss = ProcInfo.RssKb(gatewayA.Pid);
            report.Raw("idle_rss_kib", idleRss);
            report.Add("idle gateway (fresh start, no chargers)", $"RSS {idleRss / 1024.0:0.0} MiB, CPU {idleCpu.PercentOfOneCore():0.0} % of one core over {idleCpu.Seconds:0} s");

            created = await ProvisionAsync(api, csmsHttp, gatewayA, report);
            var stopA = await gatewayA.StopAsync(TimeSpan.FromSeconds(180));
            report.Add("graceful stop of gateway A (SIGTERM → exit)", $"{stopA.Took.TotalSeconds:0.0} s{(stopA.Graceful ? string.Empty : " (killed)")}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await CompareFramesAsync(csmsHttp, database, [gatewayA.LogFile], report, "after phase A");

            // ---- Phase B: restart, recovery storm, steady state -------------------------------------------
            Console.WriteLine("Phase B: restart and recovery storm");
            await csmsHttp.PostAsync(new Uri("/mark", UriKind.Relative), null);
            var gatewayB = StartGateway(gatewayDll, environment, dir, "gateway-b.log");
            var trace = options.Flag("trace-storm") ? TraceAsync(gatewayB, dir, "storm") : null;
            try
            {
                await StormAsync(api, csmsHttp, gatewayB, report);
                if (trace is not null)
                {
                    report.Note(await trace);
                }

                await SteadyStateAsync(csmsHttp, csms, gatewayB, report);
                await CountersAsync(gatewayB, dir, report);
                if (options.Flag("gcdump"))
                {
                    await GcDumpAsync(gatewayB, dir, report);
                }

                await ProbeEndToEndAsync(api, csmsHttp, created, report);

                var stopB = await gatewayB.StopAsync(TimeSpan.FromSeconds(180));
                report.Add("graceful stop of gateway B", $"{stopB.Took.TotalSeconds:0.0} s{(stopB.Graceful ? string.Empty : " (killed)")}");
                await Task.Delay(TimeSpan.FromSeconds(2));
                await CompareFramesAsync(csmsHttp, database, [gatewayA.LogFile, gatewayB.LogFile], report, "whole run");
            }
            finally
            {
                gatewayB.Dispose();
            }
        }
        finally
        {
            gatewayA.Dispose();
            await csms.StopAsync(TimeSpan.FromSeconds(10));
        }

        report.Add("machine load average (1/5/15 min) at the end", SystemCpuWindow.LoadAverage());
        var markdown = report.Write();
        Console.WriteLine();
        Console.WriteLine(markdown);
        return 0;
    }

    /// <summary>Runs from its output folder (content root), so that its own appsettings.json (Serilog, workflows …) applies.</summary>
    private ManagedProcess StartGateway(string dll, Dictionary<string, string> environment, string dir, string log) =>
        ManagedProcess.Start("gateway", dll, ["--urls", GatewayUrl], environment, Path.GetDirectoryName(dll)!, Path.Combine(dir, log));

    private static string MintToken(string dll, Dictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var a in new[] { dll, "mint-token", "--org", "bench", "--role", "user", "--expires-minutes", "240" })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var token = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && token.Length > 0 ? token : throw new InvalidOperationException("mint-token failed");
    }

    // ---- Phase A ---------------------------------------------------------------------------------------

    private async Task<List<(string Id, string Identity)>> ProvisionAsync(HttpClient api, HttpClient csmsHttp, ManagedProcess gateway, Report report)
    {
        var location = await PostJsonAsync(api, "/ocpp/locations", new { name = "Bench fleet", country = "FR", timezone = "Europe/Paris" });
        var locationId = location.GetProperty("id").GetString()!;
        var wsUrl = $"ws://127.0.0.1:{_csmsPort}/ocpp";

        var started = Stopwatch.GetTimestamp();
        var cpu = new CpuWindow(gateway.Pid);
        var jobs = new List<string>();
        var postLatencies = new List<double>();
        for (var offset = 0; offset < _chargers; offset += MaxPerBulkCall)
        {
            var count = Math.Min(MaxPerBulkCall, _chargers - offset);
            var v16 = count / 2;
            var v201 = count - v16;
            var body = new List<object>();
            if (v16 > 0)
            {
                body.Add(Item("wallbox", "wallbox-pulsar-plus", "Type2", "OCPP1.6", "BENCH16-", offset, v16, wsUrl));
            }

            body.Add(Item("abb", "terra-184", "CCS2", "OCPP2.0.1", "BENCH201-", offset, v201, wsUrl));
            var sent = Stopwatch.GetTimestamp();
            var job = await PostJsonAsync(api, $"/ocpp/locations/{locationId}/chargers", body);
            postLatencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            jobs.Add(job.GetProperty("job_id").GetString()!);
        }

        var accepted = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  {jobs.Count} bulk job(s) accepted in {accepted.TotalSeconds:0.00} s; waiting for READY");

        var created = new List<(string Id, string Identity)>();
        var pending = new HashSet<string>(jobs, StringComparer.Ordinal);
        var failedChargers = 0;
        var failedJobs = 0;
        TimeSpan? allReady = null;
        TimeSpan? allBooted = null;
        var lastPrint = 0.0;
        while (allReady is null || allBooted is null)
        {
            if (Stopwatch.GetElapsedTime(started) > _phaseTimeout)
            {
                report.Note($"provisioning did not finish within {_phaseTimeout.TotalSeconds:0} s ({pending.Count} job(s) not READY)");
                break;
            }

            await Task.Delay(500);
            foreach (var jobId in pending.ToList())
            {
                var job = await GetJsonAsync(api, $"/ocpp/locations/{locationId}/chargers/jobs/{jobId}");
                var status = job.GetProperty("status").GetString();
                if (status is "READY" or "FAILED")
                {
                    pending.Remove(jobId);
                    failedJobs += status == "FAILED" ? 1 : 0;
                    if (job.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var c in results.GetProperty("created").EnumerateArray())
                        {
                            created.Add((c.GetProperty("charger_id").GetString()!, c.GetProperty("identity").GetString()!));
                        }

                        failedChargers += results.GetProperty("failed").GetArrayLength();
                    }
                }
            }

            if (pending.Count == 0 && allReady is null)
            {
                allReady = Stopwatch.GetElapsedTime(started);
            }

            var stats = await GetJsonAsync(csmsHttp, "/stats");
            var booted = stats.GetProperty("window").GetProperty("booted_identities").GetInt32();
            if (booted >= _chargers && allBooted is null)
            {
                allBooted = Stopwatch.GetElapsedTime(started);
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (elapsed - lastPrint >= 10)
            {
                lastPrint = elapsed;
                Console.WriteLine($"  t={elapsed:0}s jobs pending {pending.Count}, chargers booted at the CSMS {booted}, gateway RSS {ProcInfo.RssKb(gateway.Pid) / 1024} MiB");
            }
        }

        var provisioningCpu = cpu.PercentOfOneCore();
        report.Raw("provisioning_post_ms", postLatencies);
        report.Add("bulk create: POST latency (202, per call of ≤1,000)", $"max {postLatencies.Max():0} ms over {jobs.Count} call(s)");
        if (allReady is { } ready)
        {
            report.Add(
                "bulk provisioning throughput (first POST → every job READY)",
                $"{_chargers / ready.TotalSeconds:0} chargers/s ({_chargers:N0} in {ready.TotalSeconds:0.0} s)");
        }

        if (allBooted is { } bootedAll)
        {
            report.Add("first POST → every charger booted at the CSMS", $"{bootedAll.TotalSeconds:0.0} s");
        }

        report.Add("gateway CPU while provisioning", $"{provisioningCpu:0} % of one core");
        report.Add("chargers created / failed (jobs failed)", $"{created.Count:N0} / {failedChargers} ({failedJobs})", $"{_chargers:N0} / 0", created.Count == _chargers && failedChargers == 0);

        // Let the last StatusNotifications go out before the restart.
        await WaitUntilAsync(async () => (await GetJsonAsync(csmsHttp, "/stats")).GetProperty("connections_open").GetInt32() >= _chargers, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(5));
        return created;
    }

    private static Dictionary<string, object> Item(string brand, string model, string connector, string version, string prefix, int offset, int count, string wsUrl) => new Dictionary<string, object>
    {
        ["template"] = new Dictionary<string, object>
        {
            ["brand_slug"] = brand,
            ["model_slug"] = model,
            ["connector_type"] = connector,
            ["ws_url"] = wsUrl,
            ["ocpp_version"] = version,
            ["identity_prefix"] = prefix,
            ["template_name"] = "bench",
        },
        ["charger_ids"] = Enumerable.Range(offset, count).Select(i => i.ToString("D6", CultureInfo.InvariantCulture)).ToList(),
        ["chargers_number"] = count,
    };

    // ---- Phase B ---------------------------------------------------------------------------------------

    private async Task StormAsync(HttpClient api, HttpClient csmsHttp, ManagedProcess gateway, Report report)
    {
        var startUnixMs = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        var ready = Task.Run(async () =>
        {
            var since = Stopwatch.GetTimestamp();
            await WaitForAsync(api, "/health/ready", _phaseTimeout);
            return Stopwatch.GetElapsedTime(since);
        });
        var cpu = new CpuWindow(gateway.Pid);
        var machine = new SystemCpuWindow();
        var overflowsBefore = ProcInfo.ListenOverflows();
        long maxThreads = 0;
        long maxRss = 0;
        JsonElement window = default;
        var done = false;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < _phaseTimeout)
        {
            await Task.Delay(100);
            if (gateway.HasExited)
            {
                report.Note($"gateway B exited during the storm (code {gateway.ExitCode})");
                break;
            }

            maxThreads = Math.Max(maxThreads, ProcInfo.Threads(gateway.Pid));
            maxRss = Math.Max(maxRss, ProcInfo.RssKb(gateway.Pid));
            window = (await GetJsonAsync(csmsHttp, "/stats")).GetProperty("window");
            if (window.GetProperty("booted_identities").GetInt32() >= _chargers)
            {
                done = true;
                break;
            }
        }

        var stormCpu = cpu.PercentOfOneCore();
        var stormCpuSeconds = stormCpu / 100 * cpu.Seconds;
        var stormMachine = machine.CoresBusy();
        var booted = window.GetProperty("booted_identities").GetInt32();
        report.Add("recovery storm: chargers booted after the restart", $"{booted:N0} of {_chargers:N0}", $"{_chargers:N0}", done);
        if (window.GetProperty("first_boot_unix_ms").ValueKind == JsonValueKind.Number)
        {
            var first = window.GetProperty("first_boot_unix_ms").GetDouble();
            var last = window.GetProperty("last_boot_unix_ms").GetDouble();
            var firstConnect = window.GetProperty("first_connect_unix_ms").GetDouble();
            var stormSeconds = Math.Max(0.001, (last - first) / 1000);
            var rate = booted / stormSeconds;
            report.Raw("storm", new { start_unix_ms = startUnixMs, first_connect_unix_ms = firstConnect, first_boot_unix_ms = first, last_boot_unix_ms = last, booted });
            report.Add("boots/s during the storm (first → last BootNotification)", $"{rate:0} boots/s ({booted:N0} in {stormSeconds:0.00} s)", "≥ 2,000/s", rate >= 2000);
            report.Add(
                "boots/s from gateway process start",
                $"{booted / ((last - startUnixMs) / 1000):0} boots/s (first connection {(firstConnect - startUnixMs) / 1000:0.0} s, last boot {(last - startUnixMs) / 1000:0.0} s after start)");
        }

        report.Add(
            "gateway CPU per recovered charger (process start → last boot, incl. start-up)",
            $"{stormCpuSeconds * 1000 / Math.Max(1, booted):0.00} ms (≈ {Math.Max(1, booted) / stormCpuSeconds * Environment.ProcessorCount:0} boots/s if it had all {Environment.ProcessorCount} cores)");
        var overflows = ProcInfo.ListenOverflows() - overflowsBefore;
        report.Add(
            "connections dropped by a full listen queue during the storm (kernel ListenOverflows; each retries its SYN after 1 s)",
            overflowsBefore < 0 ? "not available" : overflows.ToString("N0", CultureInfo.InvariantCulture));
        report.Add("gateway B start → /health/ready answers 200", $"{(await ready).TotalSeconds:0.0} s");
        report.Add("gateway during the storm", $"CPU {stormCpu:0} % of one core (whole machine {stormMachine:0.00} cores busy), peak threads {maxThreads}, peak RSS {maxRss / 1024} MiB");
    }

    private async Task SteadyStateAsync(HttpClient csmsHttp, ManagedProcess csms, ManagedProcess gateway, Report report)
    {
        Console.WriteLine($"Steady state: settling {_settleSeconds} s, then measuring {_steadySeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(_settleSeconds));
        var before = await GetJsonAsync(csmsHttp, "/stats");
        var cpu = new CpuWindow(gateway.Pid);
        var csmsCpu = new CpuWindow(csms.Pid);
        var machine = new SystemCpuWindow();
        var rss = new List<long>();
        var deadline = Stopwatch.GetTimestamp() + (long)(_steadySeconds * (double)Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            rss.Add(ProcInfo.RssKb(gateway.Pid));
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        rss.Add(ProcInfo.RssKb(gateway.Pid));
        var gatewayCpu = cpu.PercentOfOneCore();
        var seconds = cpu.Seconds;
        var csmsPercent = csmsCpu.PercentOfOneCore();
        var machineBusy = machine.CoresBusy();
        var after = await GetJsonAsync(csmsHttp, "/stats");
        var frames = Frames(after) - Frames(before);
        var heartbeats = Calls(after, "Heartbeat") - Calls(before, "Heartbeat");
        var connected = after.GetProperty("connections_open").GetInt32();

        var idle = (long)(report.RawValue("idle_rss_kib") ?? 0L);
        var steadyRss = rss[^1];
        var perCharger = (steadyRss - idle) / (double)_chargers;
        report.Raw("steady_rss_kib_samples", rss);
        report.Add("connected at the CSMS during the steady state", $"{connected:N0}", $"{_chargers:N0}", connected >= _chargers);
        report.Add("heartbeats/s (30 s interval)", $"{heartbeats / seconds:0.0}/s ({heartbeats:N0} in {seconds:0} s; expected {_chargers / 30.0:0.0}/s)");
        report.Add("frames/s (both directions, as the CSMS counts them)", $"{frames / seconds:0.0}/s");
        report.Add(
            "RSS per charger ((RSS with N connected − idle RSS) / N)",
            $"{perCharger:0.0} KiB (RSS {steadyRss / 1024.0:0} MiB, idle {idle / 1024.0:0} MiB)",
            "≤ 50 KB",
            perCharger <= 50);
        report.Add($"gateway CPU while heartbeating ({seconds:0} s window)", $"{gatewayCpu:0.0} % of one core", "≤ 15 %", gatewayCpu <= 15);
        report.Add("loopback CSMS CPU in the same window (for reference)", $"{csmsPercent:0.0} % of one core");
        report.Add(
            "whole machine in the same window (all processes)",
            $"{machineBusy:0.00} of {Environment.ProcessorCount} cores busy; load average {SystemCpuWindow.LoadAverage()}");
        report.Add("gateway threads / open fds in steady state", $"{ProcInfo.Threads(gateway.Pid)} / {ProcInfo.OpenFiles(gateway.Pid)}");
    }

    /// <summary>If dotnet-counters is installed, records System.Runtime counters of the steady gateway (GC, thread pool, allocation rate).</summary>
    private async Task CountersAsync(ManagedProcess gateway, string dir, Report report)
    {
        var tool = new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-counters") }
            .FirstOrDefault(File.Exists);
        if (tool is null || _countersSeconds <= 0)
        {
            report.Note("dotnet-counters not installed (`dotnet tool install -g dotnet-counters`): no GC/thread-pool counters recorded");
            return;
        }

        var output = Path.Combine(dir, "counters-steady.csv");
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "collect", "-p", gateway.Pid.ToString(CultureInfo.InvariantCulture), "--format", "csv", "-o", output,
            "--refresh-interval", "5", "--duration", TimeSpan.FromSeconds(_countersSeconds).ToString("c", CultureInfo.InvariantCulture),
            "--counters", "System.Runtime",
        })
        {
            psi.ArgumentList.Add(a);
        }

        Console.WriteLine($"Recording dotnet-counters for {_countersSeconds} s");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        if (!File.Exists(output))
        {
            report.Note($"dotnet-counters produced no file: {(await stderr).Trim()}");
            return;
        }

        // Last value of each counter.
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(output).Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length >= 5)
            {
                last[$"{cells[2]} [{cells[3]}]"] = cells[^1];
            }
        }

        report.Raw("dotnet_counters_steady", last);
        report.Note($"dotnet-counters (steady state, last 5 s interval): {string.Join("; ", last.Where(p => CountersOfInterest().IsMatch(p.Key)).Select(p => $"{p.Key} = {p.Value}"))}");
    }

    /// <summary>--gcdump: a heap snapshot of the steady gateway (dotnet-gcdump), its biggest types kept as text.</summary>
    private async Task GcDumpAsync(ManagedProcess gateway, string dir, Report report)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        if (!File.Exists(tool))
        {
            report.Note("dotnet-gcdump not installed: no heap snapshot");
            return;
        }

        var dump = Path.Combine(dir, "steady.gcdump");
        var collect = await RunToolAsync(tool, "collect", "-p", gateway.Pid.ToString(CultureInfo.InvariantCulture), "-o", dump);
        var text = await RunToolAsync(tool, "report", dump);
        await File.WriteAllTextAsync(Path.Combine(dir, "steady-gcdump.txt"), collect + text);
        var top = text.Split('\n').Where(l => l.Contains("  ", StringComparison.Ordinal)).Take(25).Select(l => l.Trim());
        report.Note($"heap snapshot (dotnet-gcdump report, biggest types first; {_chargers:N0} chargers connected): {string.Join(" ⏎ ", top)}");
    }

    /// <summary>--trace-storm: CPU samples of the gateway from its start through the storm (dotnet-trace), top methods kept as text.</summary>
    private async Task<string> TraceAsync(ManagedProcess gateway, string dir, string name)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        if (!File.Exists(tool))
        {
            return "dotnet-trace not installed: no CPU samples";
        }

        var file = Path.Combine(dir, $"{name}.nettrace");
        var seconds = options.Int("trace-seconds", 60);
        var output = string.Empty;
        for (var attempt = 0; attempt < 50 && !File.Exists(file); attempt++)
        {
            output = await RunToolAsync(
                tool, "collect", "-p", gateway.Pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
                "--duration", TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture), "-o", file);
            if (!File.Exists(file))
            {
                await Task.Delay(200);
            }
        }

        var exclusive = await RunToolAsync(tool, "report", file, "topN", "-n", "40");
        var inclusive = await RunToolAsync(tool, "report", file, "topN", "-n", "60", "--inclusive");
        await File.WriteAllTextAsync(Path.Combine(dir, $"{name}-trace.txt"), output + "\n--- exclusive ---\n" + exclusive + "\n--- inclusive ---\n" + inclusive);
        return $"CPU samples of the {name} in {name}-trace.txt ({file})";
    }

    private static async Task<string> RunToolAsync(string tool, params string[] arguments)
    {
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }

    [GeneratedRegex("heap|gc|thread|alloc|working|lock|time_in", RegexOptions.IgnoreCase)]
    private static partial Regex CountersOfInterest();

    /// <summary>
    /// Issue #4 §6(c): the CSMS sends a CALL to a sample charger; the time until that frame is returned
    /// by GET /ocpp/chargers/{id}/logs (polled every 25 ms) is the end-to-end latency.
    /// </summary>
    private async Task ProbeEndToEndAsync(HttpClient api, HttpClient csmsHttp, List<(string Id, string Identity)> created, Report report)
    {
        if (_probes <= 0 || created.Count == 0)
        {
            return;
        }

        Console.WriteLine($"End-to-end log latency: {_probes} probes");
        var sample = created.OrderBy(_ => Random.Shared.Next()).Take(20).ToList();

        // The first logs query of a process compiles the EF query and JITs the path: not part of the pipeline's latency.
        foreach (var (id, _) in sample)
        {
            await GetJsonAsync(api, $"/ocpp/chargers/{id}/logs?event=ClearCache&limit=1");
        }

        var latencies = new List<double>();
        var resultLatencies = new List<double>();
        var queryLatencies = new List<double>();
        var missing = 0;
        var next = -1;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < _probes)
            {
                var (id, identity) = sample[i % sample.Count];
                var since = DateTime.UtcNow.AddSeconds(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                var started = Stopwatch.GetTimestamp();
                using var call = await csmsHttp.PostAsync(new Uri($"/admin/call/{Uri.EscapeDataString(identity)}?action=ClearCache", UriKind.Relative), null);
                if (!call.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref missing);
                    continue;
                }

                var messageId = (await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message_id").GetString();
                double? callSeen = null;
                double? resultSeen = null;
                while (Stopwatch.GetElapsedTime(started).TotalSeconds < 10 && resultSeen is null)
                {
                    var queried = Stopwatch.GetTimestamp();
                    var page = await GetJsonAsync(api, $"/ocpp/chargers/{id}/logs?event=ClearCache&start_date={since}&limit=1000");
                    lock (queryLatencies)
                    {
                        queryLatencies.Add(Stopwatch.GetElapsedTime(queried).TotalMilliseconds);
                    }

                    foreach (var entry in page.GetProperty("data").EnumerateArray())
                    {
                        if (entry.GetProperty("message_id").GetString() == messageId)
                        {
                            var at = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                            if (entry.GetProperty("direction").GetString() == "csms_to_cp")
                            {
                                callSeen ??= at;
                            }
                            else
                            {
                                resultSeen ??= at;
                            }
                        }
                    }

                    if (resultSeen is null)
                    {
                        // Two pollers every 25 ms stay under the gateway's default 100 requests/s per tenant.
                        await Task.Delay(25);
                    }
                }

                lock (latencies)
                {
                    if (callSeen is { } c)
                    {
                        latencies.Add(c);
                    }
                    else
                    {
                        missing++;
                    }

                    if (resultSeen is { } r)
                    {
                        resultLatencies.Add(r);
                    }
                }

                await Task.Delay(150);
            }
        }

        await Task.WhenAll(WorkerAsync(), WorkerAsync());
        var e2e = Percentiles.Of(latencies);
        report.Raw("e2e_ms", latencies);
        report.Add("end-to-end: CSMS sends a frame → visible in GET …/logs", e2e.Ms(), "p99 ≤ 1 s", e2e.Count > 0 && e2e.P99 <= 1000 && missing == 0);
        report.Add("end-to-end: the charger's reply frame → visible (from the same start)", Percentiles.Of(resultLatencies).Ms());
        report.Add("GET …/logs latency while polling (event + date filter, under fleet load)", Percentiles.Of(queryLatencies).Ms());
        if (missing > 0)
        {
            report.Note($"{missing} probe frame(s) never became visible within 10 s");
        }

        if (Interlocked.Read(ref _throttled) > 0)
        {
            report.Note($"the driver was rate-limited (429) {Interlocked.Read(ref _throttled)} time(s) and waited each out");
        }
    }

    // ---- Frames lost -------------------------------------------------------------------------------------

    private static async Task CompareFramesAsync(HttpClient csmsHttp, string database, IReadOnlyList<string> gatewayLogs, Report report, string when)
    {
        var stats = await GetJsonAsync(csmsHttp, "/stats");
        var seen = Frames(stats);
        long stored;
        var byAction = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM charger_logs";
            stored = (long)(await count.ExecuteScalarAsync())!;
            await using var group = connection.CreateCommand();
            group.CommandText = "SELECT COALESCE(Action, '?') || '/' || Direction, COUNT(*) FROM charger_logs GROUP BY 1";
            await using var reader = await group.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                byAction[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var writerLost = gatewayLogs.Sum(LostFramesReported);
        var lost = seen - stored;
        report.Raw($"frames_{when.Replace(' ', '_')}", new { csms = seen, stored, by_action_direction = byAction, csms_calls = stats.GetProperty("calls_by_action") });
        report.Add(
            $"frames lost, {when} (CSMS saw − rows in charger_logs)",
            $"{lost:N0} ({seen:N0} seen, {stored:N0} stored); writer LostFrames warnings: {writerLost:N0}",
            "0",
            lost == 0 && writerLost == 0);
    }

    /// <summary>The writer logs "… {Lost} frame(s) lost so far …": the highest number in a log file.</summary>
    private static long LostFramesReported(string logFile)
    {
        if (!File.Exists(logFile))
        {
            return 0;
        }

        long lost = 0;
        foreach (var line in File.ReadLines(logFile))
        {
            var match = LostRegex().Match(line);
            if (match.Success)
            {
                lost = Math.Max(lost, long.Parse(match.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture));
            }
        }

        return lost;
    }

    [GeneratedRegex(@"([\d,]+) frame\(s\) lost so far")]
    private static partial Regex LostRegex();

    private static long Frames(JsonElement stats) => stats.GetProperty("frames_in").GetInt64() + stats.GetProperty("frames_out").GetInt64();

    private static long Calls(JsonElement stats, string action) =>
        stats.GetProperty("calls_by_action").TryGetProperty(action, out var n) ? n.GetInt64() : 0;

    // ---- HTTP helpers ----------------------------------------------------------------------------------

    private static async Task WaitForAsync(HttpClient http, string path, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{http.BaseAddress}{path} did not answer within {timeout.TotalSeconds} s");
            }

            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition() && Stopwatch.GetElapsedTime(started) < timeout)
        {
            await Task.Delay(500);
        }
    }

    private static long _throttled;

    /// <summary>GET with JSON; a 429 from the gateway's per-tenant rate limiter is waited out (Retry-After) and counted.</summary>
    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        while (true)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref _throttled);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>(JsonOptions);
        }
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, JsonOptions);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {path} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(JsonOptions);
    }
}
