using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcppLab.Tests.Shared;

namespace OcppLab.ConformanceTests.Peer;

/// <summary>
/// The independent strict CSMS (tests/OcppLab.ConformanceTests/peer, Node + ocpp-rpc in strict
/// mode) as a test fixture: installs its npm dependencies once per test run, starts
/// <c>node csms.js --port 0</c>, and wraps its HTTP control API. Dispose to stop it.
/// </summary>
public sealed class StrictCsms : IAsyncDisposable
{
    private static readonly TimeSpan _startDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _installDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan _controlTimeout = TimeSpan.FromSeconds(30);
    private static readonly SemaphoreSlim _installGate = new(1, 1);
    private static bool _installed;

    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly OutputTail _output;
    private int _disposed;

    private StrictCsms(Process process, OutputTail output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
        ControlBase = new Uri($"http://127.0.0.1:{port}/");
        WsBase = new Uri($"ws://127.0.0.1:{port}/ocpp");
        // Per-request deadlines instead: a CSMS call may legitimately wait for a long timeout.
        _http = new HttpClient { BaseAddress = ControlBase, Timeout = Timeout.InfiniteTimeSpan };
    }

    public int Port { get; }

    /// <summary>ws://127.0.0.1:N/ocpp — a charge point appends "/{identity}".</summary>
    public Uri WsBase { get; }

    public Uri ControlBase { get; }

    /// <summary>The peer's folder in the source tree (holds csms.js and package-lock.json).</summary>
    public static string PeerDirectory => _peerDirectory.Value;

    private static readonly Lazy<string> _peerDirectory = new(LocatePeerDirectory);

    /// <summary>The OCPP endpoint URL for one identity (percent-encoded as a charge point must).</summary>
    public Uri EndpointFor(string identity) => new($"{WsBase}/{Uri.EscapeDataString(identity)}");

    /// <summary>Installs the peer's dependencies if needed and starts a fresh peer on a free port.</summary>
    public static async Task<StrictCsms> StartAsync(CancellationToken cancellationToken = default)
    {
        var peerDirectory = PeerDirectory;
        await EnsureInstalledAsync(peerDirectory, cancellationToken);

        var node = ChildProcess.FindOnPath("node") ?? throw new InvalidOperationException(
            "The strict CSMS peer needs Node.js (20 or later): 'node' was not found on PATH.");
        var start = ChildProcess.StartInfo(node, ["csms.js", "--port", "0", "--exit-with-stdin"], peerDirectory);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {node} csms.js.");
        var output = new OutputTail();
        process.ErrorDataReceived += (_, e) => output.Add("stderr", e.Data);
        process.BeginErrorReadLine();

        try
        {
            var port = await ReadReadyLineAsync(process, output, cancellationToken);
            // Keep draining stdout so the peer can never block on a full pipe.
            _ = DrainAsync(process.StandardOutput, output);
            return new StrictCsms(process, output, port);
        }
        catch
        {
            ChildProcess.KillTree(process);
            process.Dispose();
            throw;
        }
    }

    // ---- control API -------------------------------------------------------------------------

    /// <summary>Clears frames, violations, configuration and overrides, and goes back online.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_control/reset", null, cancellationToken);

    public Task ConfigureIdentityAsync(string identity, IdentityConfig config, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"_control/identities/{Segment(identity)}", config.ToJson(), cancellationToken);

    public Task OverrideResponseAsync(string identity, string action, ResponseOverride response, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"_control/identities/{Segment(identity)}/responses/{Segment(action)}", response.ToJson(), cancellationToken);

    public Task ClearOverrideAsync(string identity, string action, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"_control/identities/{Segment(identity)}/responses/{Segment(action)}", null, cancellationToken);

    /// <summary>
    /// Sends a CSMS-initiated CALL to a connected charge point and waits for its answer. With
    /// <paramref name="strict"/> the peer refuses a payload that is not schema-valid (a
    /// <see cref="StrictCsmsException"/> with status 400); turn it off only for negative tests.
    /// A payload may be any object (serialized with its property names as written), a JsonNode
    /// or JSON text. Throws <see cref="StrictCsmsException"/> with status 404 if not connected.
    /// </summary>
    public async Task<PeerCallResult> CallAsync(string identity, string action, object? payload = null, TimeSpan? timeout = null, bool strict = true, CancellationToken cancellationToken = default)
    {
        var callTimeout = timeout ?? TimeSpan.FromSeconds(30);
        var body = new JsonObject
        {
            ["action"] = action,
            ["payload"] = payload is null ? new JsonObject() : PeerJson.ToNode(payload),
            ["timeout_ms"] = (int)Math.Max(1, callTimeout.TotalMilliseconds),
        };
        if (!strict)
        {
            body["strict"] = false;
        }

        var json = await SendAsync(HttpMethod.Post, $"_control/identities/{Segment(identity)}/call", body, cancellationToken, callTimeout + _controlTimeout);
        var error = json["error"] as JsonObject;
        return new PeerCallResult(
            Ok: Flag(json, "ok"),
            Result: json["result"]?.DeepClone(),
            Error: error is null ? null : new PeerCallError(PeerJson.Text(error["code"]), PeerJson.Text(error["description"]), error["details"]?.DeepClone()),
            Timeout: Flag(json, "timeout"),
            Disconnected: Flag(json, "disconnected"),
            InvalidResult: Flag(json, "invalid_result"));
    }

    public async Task<IReadOnlyList<PeerFrame>> GetFramesAsync(string identity, CancellationToken cancellationToken = default)
    {
        var json = await SendAsync(HttpMethod.Get, $"_control/identities/{Segment(identity)}/frames", null, cancellationToken);
        return json["frames"].Deserialize<List<PeerFrame>>(PeerJson.Control) ?? [];
    }

    /// <summary>All violations, or those of one identity.</summary>
    public async Task<IReadOnlyList<PeerViolation>> GetViolationsAsync(string? identity = null, CancellationToken cancellationToken = default)
    {
        var path = identity is null ? "_control/violations" : $"_control/violations?identity={Uri.EscapeDataString(identity)}";
        var json = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        return json["violations"].Deserialize<List<PeerViolation>>(PeerJson.Control) ?? [];
    }

    public async Task<PeerIdentity> GetIdentityAsync(string identity, CancellationToken cancellationToken = default)
    {
        var json = await SendAsync(HttpMethod.Get, $"_control/identities/{Segment(identity)}", null, cancellationToken);
        return json.Deserialize<PeerIdentity>(PeerJson.Control) ?? throw new StrictCsmsException(HttpStatusCode.OK, json.ToJsonString());
    }

    /// <summary>
    /// What the peer knows about every identity (connected, configured or refused since the last
    /// reset, or still connected), or about those whose identity starts with <paramref name="prefix"/>:
    /// a fleet in one request.
    /// </summary>
    public async Task<IReadOnlyList<PeerIdentity>> GetIdentitiesAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var path = prefix is null ? "_control/identities" : $"_control/identities?prefix={Uri.EscapeDataString(prefix)}";
        var json = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        return json["identities"].Deserialize<List<PeerIdentity>>(PeerJson.Control) ?? [];
    }

    /// <summary>
    /// Closes the charge point's socket with <paramref name="code"/>, or drops it without a close
    /// frame when <paramref name="force"/> (the charge point then sees an abnormal closure).
    /// </summary>
    public Task DisconnectAsync(string identity, int code = 1001, string? reason = null, bool force = false, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["code"] = code };
        if (reason is not null)
        {
            body["reason"] = reason;
        }

        if (force)
        {
            body["force"] = true;
        }

        return SendAsync(HttpMethod.Post, $"_control/identities/{Segment(identity)}/disconnect", body, cancellationToken);
    }

    /// <summary>Closes every socket (1001) and refuses new upgrades with HTTP 503 until <see cref="GoOnlineAsync"/>.</summary>
    public Task GoOfflineAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_control/offline", null, cancellationToken);

    public Task GoOnlineAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_control/online", null, cancellationToken);

    /// <summary>What the peer printed recently (stderr and stray stdout), for failure messages.</summary>
    public string RecentOutput => _output.ToString();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _http.Dispose();
        try
        {
            // The peer exits by itself when its stdin closes; the kill is the guarantee.
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        ChildProcess.KillTree(_process);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    // ---- HTTP plumbing -----------------------------------------------------------------------

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? _controlTimeout);

        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, deadline.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new StrictCsmsException(null, $"{method} {path} failed: {ex.Message}. Peer exited: {HasExited()}. Recent peer output:\n{RecentOutput}", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new StrictCsmsException(response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
            }

            return JsonNode.Parse(text) ?? new JsonObject();
        }
    }

    private bool HasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool Flag(JsonNode json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static string Segment(string value) => Uri.EscapeDataString(value);

    // ---- process management ------------------------------------------------------------------

    private static async Task<int> ReadReadyLineAsync(Process process, OutputTail output, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(_startDeadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The strict CSMS peer did not report ready within {_startDeadline.TotalSeconds:0} s. Output:\n{output}");
        }

        if (line is null)
        {
            // Give stderr a moment to arrive so the message says why the peer died.
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw new InvalidOperationException($"The strict CSMS peer exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)}). Output:\n{output}");
        }

        try
        {
            var ready = JsonNode.Parse(line);
            if (ready?["ready"]?.GetValue<bool>() == true && ready["port"]?.GetValue<int>() is int port and > 0)
            {
                return port;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
        }

        throw new InvalidOperationException($"The strict CSMS peer printed '{line}' instead of its ready line. Output:\n{output}");
    }

    private static async Task DrainAsync(StreamReader reader, OutputTail output)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                output.Add("stdout", line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }

    // ---- npm install -------------------------------------------------------------------------

    /// <summary>Runs <c>npm ci</c> once per test run when node_modules is missing or older than package-lock.json.</summary>
    private static async Task EnsureInstalledAsync(string peerDirectory, CancellationToken cancellationToken)
    {
        await _installGate.WaitAsync(cancellationToken);
        try
        {
            if (_installed)
            {
                return;
            }

            if (NeedsInstall(peerDirectory))
            {
                // Other test processes may share the source tree: one npm ci at a time.
                using var crossProcessLock = await ChildProcess.AcquireFileLockAsync("peer", peerDirectory, _installDeadline, cancellationToken);
                if (NeedsInstall(peerDirectory))
                {
                    await RunNpmCiAsync(peerDirectory, cancellationToken);
                }
            }

            _installed = true;
        }
        finally
        {
            _installGate.Release();
        }
    }

    private static bool NeedsInstall(string peerDirectory)
    {
        var lockFile = new FileInfo(Path.Combine(peerDirectory, "package-lock.json"));
        if (!lockFile.Exists)
        {
            throw new InvalidOperationException($"{lockFile.FullName} is missing; the peer cannot be installed reproducibly.");
        }

        // npm writes node_modules/.package-lock.json on every install: its age is the install's.
        var installed = new FileInfo(Path.Combine(peerDirectory, "node_modules", ".package-lock.json"));
        var entryPoint = Path.Combine(peerDirectory, "node_modules", "ocpp-rpc", "package.json");
        return !installed.Exists || !File.Exists(entryPoint) || installed.LastWriteTimeUtc < lockFile.LastWriteTimeUtc;
    }

    private static async Task RunNpmCiAsync(string peerDirectory, CancellationToken cancellationToken)
    {
        if (ChildProcess.FindOnPath("node") is null)
        {
            throw new InvalidOperationException("The strict CSMS peer needs Node.js (20 or later): 'node' was not found on PATH.");
        }

        var npm = ChildProcess.FindOnPath("npm") ?? throw new InvalidOperationException(
            "The strict CSMS peer needs npm to install its dependencies: 'npm' was not found on PATH.");
        (await ChildProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], peerDirectory, _installDeadline, cancellationToken: cancellationToken)).EnsureSuccess();
    }

    /// <summary>The peer's folder under the repository root (the folder holding OcppLab.sln).</summary>
    private static string LocatePeerDirectory()
    {
        var peer = Path.Combine(ChildProcess.RepositoryRoot, "tests", "OcppLab.ConformanceTests", "peer");
        return File.Exists(Path.Combine(peer, "csms.js"))
            ? peer
            : throw new InvalidOperationException($"Found the repository at {ChildProcess.RepositoryRoot} but no peer/csms.js under {peer}.");
    }

    /// <summary>The last lines a child process printed, for error messages.</summary>
    private sealed class OutputTail
    {
        private const int MaxLines = 200;
        private readonly Queue<string> _lines = new();
        private readonly Lock _gate = new();

        public void Add(string stream, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _lines.Enqueue($"[{stream}] {line}");
                while (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _lines.Count == 0 ? "(nothing)" : string.Join('\n', _lines);
            }
        }
    }
}

/// <summary>The peer's control API refused a request or could not be reached.</summary>
public sealed class StrictCsmsException : Exception
{
    public StrictCsmsException()
    {
    }

    public StrictCsmsException(string message)
        : base(message)
    {
    }

    public StrictCsmsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StrictCsmsException(HttpStatusCode? statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status of the refusal (400 invalid request, 404 not connected), if any.</summary>
    public HttpStatusCode? StatusCode { get; }
}
