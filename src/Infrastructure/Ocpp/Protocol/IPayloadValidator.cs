using System.Text.Json.Nodes;
using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>The outcome of checking a payload against the action's official schema.</summary>
public sealed record PayloadCheck(bool IsValid, string? ErrorCode, string? Description, IReadOnlyList<string> Errors)
{
    public static PayloadCheck Valid { get; } = new(true, null, null, []);
}

/// <summary>Validates OCPP payloads against the official JSON schemas of each version.</summary>
public interface IPayloadValidator
{
    /// <summary>Whether the version defines the action at all (unknown actions are answered NotImplemented).</summary>
    bool IsKnownAction(OcppVersion version, string action);

    PayloadCheck Check(OcppVersion version, string action, bool request, JsonNode? payload);
}
