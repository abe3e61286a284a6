using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OcppLab.Api.Auth;
using OcppLab.Api.Contracts;
using OcppLab.Application.Simulator;

namespace OcppLab.Api.Controllers;

/// <summary>
/// Simulator commands: act on the charge-point model and produce the OCPP traffic a real charger
/// would. Single-target commands answer 200 with their result; unified-target commands fan out
/// to one charger or a location's chargers and answer 202 with what was queued and what failed.
/// </summary>
[ApiController]
[Route("ocpp/commands")]
[Authorize(Policy = TenantPolicy.TenantScoped)]
[Produces("application/json")]
[Tags("Commands")]
public sealed class CommandsController(IMediator mediator) : ControllerBase
{
    /// <summary>Proxy OCPP message</summary>
    /// <remarks>Sends one CP→CSMS CALL (action and payload keys in OCPP or snake_case spelling; checked against the official schema unless <c>validate</c> is false) and answers with the CSMS's CALLRESULT or CALLERROR and the latency.</remarks>
    [HttpPost("proxy-message", Name = "commands_proxy_message")]
    public async Task<ActionResult<ProxyMessageResponse>> ProxyMessage([FromBody] ProxyMessageCommandRequest request, CancellationToken cancellationToken)
    {
        var e = request.Event;
        return Ok(await mediator.Send(
            new ProxyMessageCommand(request.Target.ToTarget(), e?.Action, e?.OcppVersion, e?.Payload, e?.Validate, e?.TimeoutSeconds),
            cancellationToken));
    }

    /// <summary>Change configuration</summary>
    /// <remarks>Applies keys as a ChangeConfiguration (1.6) or SetVariables (2.0.1) would.</remarks>
    [HttpPost("configuration", Name = "commands_configuration")]
    [ProducesResponseType<ConfigurationResult>(StatusCodes.Status200OK)]
    public Task<IActionResult> Configuration([FromBody] ConfigurationCommandRequest request, CancellationToken cancellationToken) =>
        SingleAsync(CommandKind.Configuration, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Reset the authorization cache</summary>
    [HttpPost("cache/reset", Name = "commands_cache_reset")]
    [ProducesResponseType<CacheResetResult>(StatusCodes.Status200OK)]
    public Task<IActionResult> ResetCache([FromBody] TargetOnlyCommandRequest request, CancellationToken cancellationToken) =>
        SingleAsync(CommandKind.CacheReset, request.Target, null, cancellationToken);

    /// <summary>Send a local authorization list</summary>
    /// <remarks><c>list_version</c> must be greater than the charger's current one.</remarks>
    [HttpPost("local-auth-list", Name = "commands_local_auth_list")]
    [ProducesResponseType<LocalAuthListResult>(StatusCodes.Status200OK)]
    public Task<IActionResult> LocalAuthList([FromBody] LocalAuthListCommandRequest request, CancellationToken cancellationToken) =>
        SingleAsync(CommandKind.LocalAuthList, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Clear the local authorization list</summary>
    /// <remarks>The list version goes back to 0.</remarks>
    [HttpPost("clear-local-auth-list", Name = "commands_clear_local_auth_list")]
    [ProducesResponseType<ClearLocalAuthListResult>(StatusCodes.Status200OK)]
    public Task<IActionResult> ClearLocalAuthList([FromBody] TargetOnlyCommandRequest request, CancellationToken cancellationToken) =>
        SingleAsync(CommandKind.ClearLocalAuthList, request.Target, null, cancellationToken);

    /// <summary>Inject a fault</summary>
    /// <remarks>The connector goes Faulted with the OCPP error code; a running transaction ends.</remarks>
    [HttpPost("inject-fault", Name = "commands_inject_fault")]
    [ProducesResponseType<FaultResult>(StatusCodes.Status200OK)]
    public Task<IActionResult> InjectFault([FromBody] FaultCommandRequest request, CancellationToken cancellationToken) =>
        SingleAsync(CommandKind.InjectFault, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Clear a fault</summary>
    [HttpPost("clear-fault", Name = "commands_clear_fault")]
    [ProducesResponseType<FaultResult>(StatusCodes.Status200OK)]
    public Task<IActionResult> ClearFault([FromBody] ConnectorCommandRequest request, CancellationToken cancellationToken) =>
        SingleAsync(CommandKind.ClearFault, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Plug a cable in</summary>
    [HttpPost("plug-connector", Name = "commands_plug_connector")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> Plug([FromBody] ConnectorCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.PlugConnector, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Unplug the cable</summary>
    /// <remarks>Ends a running transaction, as the EV side would.</remarks>
    [HttpPost("unplug-connector", Name = "commands_unplug_connector")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> Unplug([FromBody] ConnectorCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.UnplugConnector, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Unlock a connector locally</summary>
    [HttpPost("unlock-connector", Name = "commands_unlock_connector")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> Unlock([FromBody] ConnectorCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.UnlockConnector, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Authorize an id tag</summary>
    /// <remarks>Sends an Authorize CALL; the CSMS's answer is in the charger's logs and its cache.</remarks>
    [HttpPost("authorize-id-tag", Name = "commands_authorize_id_tag")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> Authorize([FromBody] AuthorizeCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.AuthorizeIdTag, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Start a transaction</summary>
    /// <remarks>Raw start (1.6 StartTransaction, 2.0.1 TransactionEvent Started), plugging the cable in if needed; no Authorize.</remarks>
    [HttpPost("start-transaction", Name = "commands_start_transaction")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> StartTransaction([FromBody] StartTransactionCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.StartTransaction, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Stop a transaction</summary>
    [HttpPost("stop-transaction", Name = "commands_stop_transaction")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> StopTransaction([FromBody] StopTransactionCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.StopTransaction, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Start a whole session</summary>
    /// <remarks>Plug in, authorize with the CSMS, start, meter values, stop at <c>duration_seconds</c> or <c>target_energy_kwh</c>, unplug.</remarks>
    [HttpPost("start-session", Name = "commands_start_session")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> StartSession([FromBody] StartSessionCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.StartSession, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Stop a session</summary>
    /// <remarks>Stops the transaction and unplugs the car.</remarks>
    [HttpPost("stop-session", Name = "commands_stop_session")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> StopSession([FromBody] ConnectorCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.StopSession, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>The EV requests energy</summary>
    /// <remarks>Charging resumes (status Charging).</remarks>
    [HttpPost("ev-requests-energy", Name = "commands_ev_requests_energy")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> EvRequestsEnergy([FromBody] ConnectorCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.EvRequestsEnergy, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>The EV stops drawing energy</summary>
    /// <remarks>Status SuspendedEV.</remarks>
    [HttpPost("ev-stops-energy", Name = "commands_ev_stops_energy")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> EvStopsEnergy([FromBody] ConnectorCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.EvStopsEnergy, request.Target, request.Event.ToEvent(), cancellationToken);

    /// <summary>Update the charging power</summary>
    /// <remarks>Caps the power on the connector; meter values follow the new power.</remarks>
    [HttpPost("power-update", Name = "commands_power_update")]
    [ProducesResponseType<FanOutResponse>(StatusCodes.Status202Accepted)]
    public Task<IActionResult> PowerUpdate([FromBody] PowerUpdateCommandRequest request, CancellationToken cancellationToken) =>
        FanOutAsync(CommandKind.PowerUpdate, request.Target, request.Event.ToEvent(), cancellationToken);

    private async Task<IActionResult> SingleAsync(CommandKind kind, CommandTargetRequest? target, CommandEvent? e, CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new RunChargerCommand(kind, target.ToTarget(), e), cancellationToken));

    private async Task<IActionResult> FanOutAsync(CommandKind kind, CommandTargetRequest? target, CommandEvent? e, CancellationToken cancellationToken) =>
        Accepted(await mediator.Send(new RunFanOutCommand(kind, target.ToTarget(), e), cancellationToken));
}
