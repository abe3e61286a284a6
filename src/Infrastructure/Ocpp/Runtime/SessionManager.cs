using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Network;
using OcppLab.Infrastructure.Observability;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ownership;
using OcppLab.Infrastructure.Persistence;
using OcppLab.Infrastructure.Cluster;
using Orleans;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// Holds one <see cref="ChargerSession"/> per charger running in this silo. Every start, stop and
/// restart goes through the charger's grain (SessionManager.Grains.cs, ADR 11), one turn at a time
/// cluster-wide, and a stop completes (socket closed) before a start may open a new one, so a
/// charger never has two live connections. With SQLite only the gateway that holds the database's
/// runtime lease runs chargers (see SessionManager.Ownership.cs): when it becomes the owner it
/// brings back every charger whose desired state is running; at shutdown it stops them all
/// cleanly, before any hosted service stops (the web server and the silo included), then releases
/// the lease.
/// </summary>
public sealed partial class SessionManager : IChargerRuntime, IHostedLifecycleService, IDisposable
{
    private readonly ConcurrentDictionary<string, ChargerSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>The restart epoch each session started with (a restart asked for on a standby raises the stored one).</summary>
    private readonly ConcurrentDictionary<string, int> _epochs = new(StringComparer.Ordinal);
    private readonly IServiceScopeFactory _scopes;
    private readonly IFrameLog _frames;
    private readonly IPayloadValidator _validator;
    private readonly IChargerStateStore _store;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<SessionManager> _logger;
    private readonly X509Certificate2? _trustedCa;

    /// <summary>
    /// One HTTP handler for every charger's WebSocket handshake: without it each connection builds
    /// its own handler (and TLS context), which dominated the cost of a reconnect storm.
    /// </summary>
    private readonly HttpMessageInvoker _invoker;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _stopGate = new();
    private Task? _stopAll;

    public SessionManager(
        IServiceScopeFactory scopes,
        IFrameLog frames,
        IPayloadValidator validator,
        IChargerStateStore store,
        TimeProvider time,
        IOptions<RuntimeOptions> options,
        GatewayMetrics metrics,
        RuntimeOwnership ownership,
        IOptions<OwnershipOptions> ownershipOptions,
        OutboundConnector outbound,
        IGrainFactory grains,
        ClusterSettings cluster,
        ILoggerFactory loggers)
    {
        _grains = grains;
        _cluster = cluster;
        _ownership = ownership;
        _ownershipOptions = ownershipOptions.Value;
        _metrics = metrics;
        _scopes = scopes;
        _frames = frames;
        _validator = validator;
        _store = store;
        _time = time;
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SessionManager>();
        if (!string.IsNullOrWhiteSpace(_options.TrustedCaCertificatePath))
        {
            _trustedCa = X509CertificateLoader.LoadCertificateFromFile(_options.TrustedCaCertificatePath);
        }

        var trustedCa = _trustedCa;
        // The outbound policy opens every TCP connection (Ocpp:OutboundPolicy, ADR 6).
        _invoker = new HttpMessageInvoker(
            outbound.Govern(new SocketsHttpHandler
            {
                ConnectTimeout = _options.ConnectTimeout,
                AllowAutoRedirect = false,
                UseCookies = false,
                SslOptions = new System.Net.Security.SslClientAuthenticationOptions
                {
                    // Certificate validation stays on; a lab CA is trusted in addition to the system's roots.
                    RemoteCertificateValidationCallback = trustedCa is null
                        ? null
                        : (_, certificate, chain, errors) => ChargerSession.TrustsLabCa(trustedCa, certificate, chain, errors),
                },
            }),
            disposeHandler: true);
    }

    public int Count => _sessions.Count;

    public bool RunsChargers => _ownership.IsOwner;

    /// <summary>Whether a session may be opened now: this gateway owns the runtime and is not shutting down.</summary>
    private bool CanRun => !_shutdown.IsCancellationRequested && _ownership.IsOwner;

    /// <summary>The live session of a charger in this silo, for its grain's commands and proxied messages.</summary>
    public ChargerSession? Find(string chargerId) => _sessions.GetValueOrDefault(chargerId);

    public IReadOnlyCollection<ChargerSession> Sessions => _sessions.Values.ToList();

    /// <summary>Opens the charger's session; when reconciling (<c>onlyIfDesired</c>) only for a provisioned charger whose stored desired state is running.</summary>
    private async Task StartLockedAsync(string chargerId, CancellationToken cancellationToken, bool onlyIfDesired = false)
    {
        if (!CanRun || _sessions.ContainsKey(chargerId))
        {
            return;
        }

        Charger? charger;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
            charger = await db.Chargers.FirstOrDefaultAsync(c => c.Id == chargerId, cancellationToken);
            if (charger is null
                || (onlyIfDesired && (charger.DesiredState != DesiredState.Running || charger.ProvisioningStatus != ProvisioningStatus.Ready)))
            {
                return;
            }

            // The session about to start uses the current settings: nothing waits for a restart any more.
            if (charger.RestartRequired)
            {
                charger.ConnectionSettingsApplied(_time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        StartSession(charger, await _store.LoadAsync(chargerId, cancellationToken));
    }

    /// <summary>Builds the charge point from its deployment and stored state and starts its session (no database access).</summary>
    private void StartSession(Charger charger, ChargerStoredState? stored)
    {
        var spec = new ChargePointSpec(
            charger.Identity,
            charger.VendorName,
            charger.ModelName,
            charger.SerialNumber,
            _options.FirmwareVersion,
            charger.OcppVersion,
            charger.NumberOfConnectors,
            charger.MaxChargingPowerW,
            charger.CurrentType,
            charger.ConnectorType,
            charger.SecurityProfile);
        var model = new ChargePoint(spec, _time, StoredState.DeserializeSettings(stored?.ConfigurationJson));
        model.LocalList.Load(stored?.LocalListVersion ?? 0, StoredState.DeserializeLocalList(stored?.LocalAuthListJson));

        var connection = new SessionConnection(
            charger.Id, charger.Identity, charger.WsUrl, charger.OcppVersion, charger.SecurityProfile, charger.AuthorizationKey, _invoker);
        var version = charger.OcppVersion;
        var session = new ChargerSession(
            connection,
            model,
            ProtocolFactory.For(version),
            _frames,
            _validator,
            _store,
            _time,
            _options,
            _metrics,
            _loggers.CreateLogger<ChargerSession>());
        _sessions[charger.Id] = session;
        _epochs[charger.Id] = charger.RestartEpoch;

        // The session's loops outlive the grain turn that starts them: they must not inherit its
        // execution context (Orleans' request context of that call).
        using (ExecutionContext.SuppressFlow())
        {
            session.Start(stored?.LiveStateJson);
        }
    }

    /// <summary>Stops the session; a <paramref name="handover"/> (shutdown, lost lease) may be resumed without a boot (ADR 10).</summary>
    private async Task StopLockedAsync(string chargerId, bool handover = false)
    {
        if (_sessions.TryRemove(chargerId, out var session))
        {
            _epochs.TryRemove(chargerId, out _);
            await session.StopAsync(handover);
            await session.DisposeAsync();
        }
    }

    /// <summary>
    /// Asks for the runtime lease once before the API starts, so the role is logged and reported from
    /// the first request on; recovery (as owner) runs in the background: the API is up while thousands
    /// of chargers reconnect.
    /// </summary>
    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        ProtocolFactory.EnsureRegistries();
        await AcquireAtStartAsync(cancellationToken);
        _ownershipLoop = Task.Run(() => OwnershipLoopAsync(_shutdown.Token), CancellationToken.None);
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The sessions stop before the hosted services do. A charger connected to this gateway's own
    /// sandbox CSMS holds an open request on its web server, whose shutdown would otherwise wait for
    /// it (HostOptions.ShutdownTimeout, 30 s) before the sessions were even asked to stop; and the
    /// frame log writer, stopping after this, still flushes the sessions' last frames.
    /// </summary>
    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => ((IHostedService)this).StopAsync(cancellationToken);

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One shutdown however often it is asked for: a host may stop its services twice (a
    /// WebApplicationFactory over minimal hosting stops the app from two places and disposes it in
    /// between); the second call waits for the first instead of touching disposed state.
    /// </summary>
    Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopGate)
        {
            return _stopAll ??= StopAllAsync();
        }
    }

    private async Task StopAllAsync()
    {
        await _shutdown.CancelAsync();
        await _ownershipLoop;
        await EndTermAsync();
        _logger.LogInformation("Stopping {Count} charger runtime(s)", _sessions.Count);
        await StopSessionsAsync();

        // Only after the last session closed: a successor never runs a charger this one still runs.
        await ReleaseLeaseAsync();
    }

    /// <summary>Stops every session; starts are refused by then, so the loop ends after one round or two.</summary>
    private async Task StopSessionsAsync()
    {
        for (var ids = _sessions.Keys.ToList(); ids.Count > 0; ids = _sessions.Keys.ToList())
        {
            await StopEachAsync(ids);
        }

        await _store.FlushLiveStatesAsync(CancellationToken.None);
    }

    private async Task StopEachAsync(List<string> ids)
    {
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.RecoveryParallelism) },
            async (id, _) =>
            {
                try
                {
                    // Through the grain, so that it lets go of its activation too; a handover: the
                    // charger may come back without a boot (ADR 10).
                    await Grain(id).HandOverAsync(CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // The grain call failed before it reached the session (the silo is stopping, a
                    // timeout): the session is this node's, so it is stopped here, and the loop of
                    // StopSessionsAsync ends instead of asking the grain again and again.
                    _logger.LogWarning(ex, "Stopping charger {ChargerId} through its grain failed; stopping its session here", id);
                    await StopLockedAsync(id, handover: true);
                }
            });
    }

    /// <summary>
    /// Brings back every provisioned charger whose desired state is running. Chargers and their stored
    /// state are read a page at a time (two queries per page, not two per charger), so a large fleet
    /// reconnects as fast as the sockets allow.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        string? after = null;
        var recovered = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            List<Charger> page;
            Dictionary<string, ChargerStoredState> states;
            var stopsAtRead = StopsSoFar;
            await using (var scope = _scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
                var query = db.Chargers.AsNoTracking()
                    .Where(c => c.DesiredState == DesiredState.Running && c.ProvisioningStatus == ProvisioningStatus.Ready);
                if (after is not null)
                {
                    // Translated to SQL: the database's (binary) collation decides, not .NET's culture.
#pragma warning disable CA1309
                    query = query.Where(c => string.Compare(c.Id, after) > 0);
#pragma warning restore CA1309
                }

                page = await query.OrderBy(c => c.Id).Take(PageSize).ToListAsync(cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                var ids = page.Select(c => c.Id).ToList();
                states = await db.ChargerStates.AsNoTracking().Where(s => ids.Contains(s.ChargerId)).ToDictionaryAsync(s => s.ChargerId, cancellationToken);

                // Every session about to start uses the current settings: nothing waits for a restart any more.
                var now = _time.GetUtcNow();
                await db.Chargers.Where(c => ids.Contains(c.Id) && c.RestartRequired)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.RestartRequired, false).SetProperty(c => c.UpdatedAt, now), cancellationToken);
            }

            if (recovered == 0)
            {
                _logger.LogInformation("Recovering the charger runtimes whose desired state is running");
            }

            after = page[^1].Id;
            await Parallel.ForEachAsync(
                page,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.RecoveryParallelism), CancellationToken = cancellationToken },
                async (charger, token) =>
                {
                    try
                    {
                        await RecoverThroughGrainAsync(charger, states.GetValueOrDefault(charger.Id), stopsAtRead, token);
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested)
                    {
                        _logger.LogWarning(ex, "Recovering charger {ChargerId} failed", charger.Id);
                    }
                });
            recovered += page.Count;
        }

        if (recovered > 0)
        {
            _logger.LogInformation("Recovered {Count} charger runtime(s)", recovered);
        }
    }

    public void Dispose()
    {
        _term?.Dispose();
        _shutdown.Dispose();
        _trustedCa?.Dispose();
        _invoker.Dispose();
    }
}
