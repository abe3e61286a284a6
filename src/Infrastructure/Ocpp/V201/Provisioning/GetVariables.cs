using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

internal sealed record GetVariablesRequest(IReadOnlyList<GetVariableDataType>? GetVariableData);

/// <summary>GetVariableDataType (2.0.1 §2.27).</summary>
internal sealed record GetVariableDataType(AttributeEnumType? AttributeType, ComponentType? Component, VariableType? Variable);

internal sealed record GetVariablesResponse(IReadOnlyList<GetVariableResultType> GetVariableResult);

/// <summary>GetVariableResultType (2.0.1 §2.28): the component and variable as they were asked for.</summary>
internal sealed record GetVariableResultType(string AttributeStatus, AttributeEnumType AttributeType, string? AttributeValue, ComponentType Component, VariableType Variable);

/// <summary>GetVariables (B06): each requested component/variable/attribute, or why not (UnknownComponent, UnknownVariable, NotSupportedAttributeType).</summary>
internal sealed class GetVariables : V201CallHandler<GetVariablesRequest, GetVariablesResponse>
{
    public override string Action => "GetVariables";

    protected override CallAnswer<GetVariablesResponse> Handle(V201Protocol protocol, GetVariablesRequest request)
    {
        var results = new List<GetVariableResultType>();
        foreach (var item in request.GetVariableData ?? [])
        {
            var component = item.Component ?? new ComponentType(null);
            var variable = item.Variable ?? new VariableType(null);
            var attributeType = item.AttributeType ?? AttributeEnumType.Actual;
            var (definition, refusal) = VariableAddress.Resolve(component, variable, attributeType);
            string status;
            string? value = null;
            if (definition is null)
            {
                status = refusal!;
            }
            else if (definition.Mutability == Mutability.WriteOnly)
            {
                status = "Rejected";
            }
            else
            {
                status = "Accepted";
                value = Cap(protocol.ValueOf(definition) ?? string.Empty, 2500);
            }

            results.Add(new GetVariableResultType(status, attributeType, value, component, variable));
        }

        return new GetVariablesResponse(results);
    }
}
