using System.Text.Json.Nodes;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>The charge point's answer to a CSMS CALL: a result payload or a CALLERROR.</summary>
public sealed record CallReply(JsonObject? Result, string? ErrorCode = null, string? ErrorDescription = null)
{
    public static CallReply Ok(JsonObject result) => new(result);

    public static CallReply Error(string code, string description) => new(null, code, description);

    public bool IsError => ErrorCode is not null;
}
