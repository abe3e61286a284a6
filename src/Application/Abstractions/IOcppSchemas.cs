using System.Text.Json.Nodes;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Abstractions;

/// <summary>The official OCPP schemas: action names, key spelling, payload validation (for the message proxy).</summary>
public interface IOcppSchemas
{
    /// <summary>The action's OCPP name from an OCPP or snake_case spelling; null if the version has no such charge-point-initiated action.</summary>
    string? ResolveAction(OcppVersion version, string input);

    /// <summary>A copy of the payload with snake_case keys turned into the action's OCPP spelling.</summary>
    JsonObject ToOcppKeys(OcppVersion version, string action, JsonObject payload);

    /// <summary>Schema errors of a request payload ("pointer: message"), empty when valid.</summary>
    IReadOnlyList<string> ValidateRequest(OcppVersion version, string action, JsonObject payload);
}
