using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Simulator;

/// <summary>Sends one CP→CSMS CALL with a user's payload and answers with the CSMS's reply.</summary>
public sealed record ProxyMessageCommand(CommandTarget? Target, string? Action, string? OcppVersion, JsonNode? Payload, bool? Validate, int? TimeoutSeconds)
    : ICommand<ProxyMessageResponse>
{
    public const int DefaultTimeoutSeconds = 30;
    public const int MaxTimeoutSeconds = 300;
}

public sealed record ProxyMessageResponse(string Id, string EventType, string OcppVersion, JsonObject Payload, ProxyReply Response, double LatencyMs);

/// <summary>The CSMS's CALLRESULT (<c>payload</c>) or CALLERROR (<c>error_code</c>, <c>error_description</c>, <c>error_details</c>).</summary>
public sealed record ProxyReply(
    string MessageType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Payload,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorDescription,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? ErrorDetails);

public sealed class ProxyMessageValidator : AbstractValidator<ProxyMessageCommand>
{
    public ProxyMessageValidator()
    {
        CommandRules.SingleTarget(this, c => c.Target);
        RuleFor(c => c.Action).NotEmpty().WithMessage("event.action is required, e.g. Heartbeat or heartbeat.").OverridePropertyName("event.action");
        RuleFor(c => c.OcppVersion).Must(v => v is null || OcppVersions.TryParse(v, out _))
            .WithMessage("event.ocpp_version must be ocpp1.6 or ocpp2.0.1.").OverridePropertyName("event.ocpp_version");
        RuleFor(c => c.Payload).Must(p => p is null or JsonObject).WithMessage("event.payload must be a JSON object.").OverridePropertyName("event.payload");
        RuleFor(c => c.TimeoutSeconds).InclusiveBetween(1, ProxyMessageCommand.MaxTimeoutSeconds)
            .WithMessage($"event.timeout_seconds must be between 1 and {ProxyMessageCommand.MaxTimeoutSeconds}.").OverridePropertyName("event.timeout_seconds");
    }
}

public sealed class ProxyMessageHandler(ITenantContext tenant, IChargerRepository chargers, IOcppSchemas schemas, IChargerSimulator simulator)
    : ICommandHandler<ProxyMessageCommand, ProxyMessageResponse>
{
    /// <summary><c>[2,"…id…","",]</c> around the action and payload, with a generous message id.</summary>
    private const int FrameOverheadBytes = 64;

    private static readonly System.Text.Json.JsonSerializerOptions WireJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async ValueTask<ProxyMessageResponse> Handle(ProxyMessageCommand command, CancellationToken cancellationToken)
    {
        var id = command.Target!.ChargerId!;
        var charger = await chargers.FindByIdOrIdentityAsync(tenant.OrganizationId, id, cancellationToken)
            ?? throw new NotFoundException("charger", id);
        var version = charger.OcppVersion;
        if (command.OcppVersion is not null && OcppVersions.Parse(command.OcppVersion) != version)
        {
            throw new RequestValidationException("event.ocpp_version", $"the charger speaks {version.ToSubprotocol()}, not {command.OcppVersion}.");
        }

        var action = schemas.ResolveAction(version, command.Action!)
            ?? throw new RequestValidationException("event.action", $"'{command.Action}' is not an action an OCPP {version.ToResourceName()} charge point sends (e.g. Heartbeat, DataTransfer, StatusNotification).");
        var payload = schemas.ToOcppKeys(version, action, command.Payload as JsonObject ?? []);
        if (command.Validate ?? true)
        {
            var errors = schemas.ValidateRequest(version, action, payload);
            if (errors.Count > 0)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["event.payload"] = [.. errors] });
            }
        }

        // The frame as it will go on the wire, with room for the message id: above the limit it is
        // never sent (and would not be stored whole in the log), so the request is refused here.
        var frameBytes = Encoding.UTF8.GetByteCount(payload.ToJsonString(WireJson)) + Encoding.UTF8.GetByteCount(action) + FrameOverheadBytes;
        if (frameBytes > simulator.MaxFrameBytes)
        {
            throw new RequestValidationException(
                "event.payload",
                $"the {action} frame would be {frameBytes} bytes; at most {simulator.MaxFrameBytes} are sent (Ocpp:MaxFrameBytes).");
        }

        var timeout = TimeSpan.FromSeconds(command.TimeoutSeconds ?? ProxyMessageCommand.DefaultTimeoutSeconds);
        var outcome = await simulator.ProxyAsync(charger.Id, action, (JsonObject)payload.DeepClone(), timeout, cancellationToken);
        if (!outcome.Connected)
        {
            throw new ConflictException(outcome.ErrorDescription ?? "The charger is not connected to its CSMS.");
        }

        if (outcome.TimedOut)
        {
            throw new UpstreamTimeoutException($"The CSMS did not answer {action} within {timeout.TotalSeconds:0} s.");
        }

        var reply = outcome.Result is not null
            ? new ProxyReply("call_result", outcome.Result, null, null, null)
            : new ProxyReply("call_error", null, outcome.ErrorCode, outcome.ErrorDescription ?? string.Empty, outcome.ErrorDetails ?? []);
        return new ProxyMessageResponse(Ids.NewCommandId(), "proxy_message", version.ToSubprotocol(), payload, reply, Math.Round(outcome.LatencyMs, 1));
    }
}
