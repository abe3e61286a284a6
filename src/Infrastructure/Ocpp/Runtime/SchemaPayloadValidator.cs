using System.Text.Json.Nodes;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>The runtime's view of the official-schema validator.</summary>
internal sealed class SchemaPayloadValidator(OcppSchemaValidator schemas) : IPayloadValidator
{
    public bool IsKnownAction(OcppVersion version, string action) => schemas.HasAction(version, action);

    public PayloadCheck Check(OcppVersion version, string action, bool request, JsonNode? payload)
    {
        var result = schemas.Validate(version, action, request ? OcppMessageKind.Request : OcppMessageKind.Response, payload);
        return result.IsValid
            ? PayloadCheck.Valid
            : new PayloadCheck(false, result.OcppErrorCode, result.ErrorDescription, result.Errors.Select(e => $"{e.Path}: {e.Message}").ToList());
    }
}
