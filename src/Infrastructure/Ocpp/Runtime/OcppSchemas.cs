using System.Text.Json.Nodes;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>The official schemas as the Application sees them (message proxy).</summary>
internal sealed class OcppSchemas(OcppSchemaValidator validator) : IOcppSchemas
{
    /// <summary>Only an action a charge point sends: the proxy must not send a CSMS's action (RemoteStartTransaction …) as a CP CALL.</summary>
    public string? ResolveAction(OcppVersion version, string input) =>
        OcppNames.ResolveAction(version, input) is { } action && ChargePointActions.Contains(version, action) ? action : null;

    public JsonObject ToOcppKeys(OcppVersion version, string action, JsonObject payload) =>
        OcppNames.ToOcppKeys(version, action, OcppMessageKind.Request, payload).AsObject();

    public IReadOnlyList<string> ValidateRequest(OcppVersion version, string action, JsonObject payload)
    {
        var result = validator.Validate(version, action, OcppMessageKind.Request, payload);
        return result.IsValid ? [] : result.Errors.Select(e => $"{(string.IsNullOrEmpty(e.Path) ? "/" : e.Path)}: {e.Message}").ToList();
    }
}
