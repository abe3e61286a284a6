using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>ComponentCriterionEnumType (2.0.1 §3.20).</summary>
internal enum ComponentCriterionEnumType
{
    Active,
    Available,
    Enabled,
    Problem,
}

internal sealed record GetReportRequest(IReadOnlyList<ComponentVariableType>? ComponentVariable, int RequestId, IReadOnlyList<ComponentCriterionEnumType>? ComponentCriteria);

/// <summary>ComponentVariableType (2.0.1 §2.17).</summary>
internal sealed record ComponentVariableType(ComponentType? Component, VariableType? Variable);

internal sealed record GetReportResponse(string Status);

/// <summary>GetReport (B08): the variables matching the component/variable and criteria filters, sent in NotifyReport parts.</summary>
internal sealed class GetReport : V201CallHandler<GetReportRequest, GetReportResponse>
{
    public override string Action => "GetReport";

    protected override CallAnswer<GetReportResponse> Handle(V201Protocol protocol, GetReportRequest request)
    {
        var wanted = request.ComponentVariable ?? [];
        var criteria = request.ComponentCriteria ?? [];
        var selected = SettingsCatalog.All.Where(d => d.ExistsIn201).Where(d =>
        {
            if (wanted.Count > 0 && !wanted.Any(w =>
                    string.Equals(w.Component?.Name, d.Component, StringComparison.OrdinalIgnoreCase)
                    && (w.Variable is not { } v
                        || (string.Equals(v.Name, d.Variable, StringComparison.OrdinalIgnoreCase)
                            && (v.Instance is null || string.Equals(v.Instance, d.Instance, StringComparison.OrdinalIgnoreCase))))))
            {
                return false;
            }

            // Criteria select components that have the matching variable (Enabled, Available, Active, Problem).
            return criteria.Count == 0 || criteria.Any(c => c is ComponentCriterionEnumType.Enabled or ComponentCriterionEnumType.Available or ComponentCriterionEnumType.Active);
        }).ToList();
        if (selected.Count == 0)
        {
            return new GetReportResponse("EmptyResultSet");
        }

        protocol.SendReport(request.RequestId, selected);
        return new GetReportResponse("Accepted");
    }
}
