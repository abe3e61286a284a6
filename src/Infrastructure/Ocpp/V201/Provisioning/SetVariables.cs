using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

internal sealed record SetVariablesRequest(IReadOnlyList<SetVariableDataType>? SetVariableData);

/// <summary>SetVariableDataType (2.0.1 §2.45).</summary>
internal sealed record SetVariableDataType(AttributeEnumType? AttributeType, string? AttributeValue, ComponentType? Component, VariableType? Variable);

internal sealed record SetVariablesResponse(IReadOnlyList<SetVariableResultType> SetVariableResult);

/// <summary>SetVariableResultType (2.0.1 §2.46): the component and variable as they were given.</summary>
internal sealed record SetVariableResultType(AttributeEnumType AttributeType, string AttributeStatus, ComponentType Component, VariableType Variable);

/// <summary>SetVariables (B05): each requested value is set through the settings catalog, with a status per variable.</summary>
internal sealed class SetVariables : V201CallHandler<SetVariablesRequest, SetVariablesResponse>
{
    public override string Action => "SetVariables";

    protected override CallAnswer<SetVariablesResponse> Handle(V201Protocol protocol, SetVariablesRequest request)
    {
        var results = new List<SetVariableResultType>();
        foreach (var item in request.SetVariableData ?? [])
        {
            var component = item.Component ?? new ComponentType(null);
            var variable = item.Variable ?? new VariableType(null);
            var attributeType = item.AttributeType ?? AttributeEnumType.Actual;
            var (definition, refusal) = VariableAddress.Resolve(component, variable, attributeType);
            var status = definition is null
                ? refusal!
                : protocol.Model.Settings.TrySet(definition, item.AttributeValue ?? string.Empty) switch
                {
                    SetStatus.Accepted => "Accepted",
                    SetStatus.RebootRequired => "RebootRequired",
                    _ => "Rejected",
                };

            results.Add(new SetVariableResultType(attributeType, status, component, variable));
        }

        return new SetVariablesResponse(results);
    }
}
