using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>ReportBaseEnumType (2.0.1 §3.76).</summary>
internal enum ReportBaseEnumType
{
    ConfigurationInventory,
    FullInventory,
    SummaryInventory,
}

internal sealed record GetBaseReportRequest(int RequestId, ReportBaseEnumType? ReportBase);

internal sealed record GetBaseReportResponse(string Status);

/// <summary>GetBaseReport (B07): a full, configuration or summary inventory, sent afterwards in NotifyReport parts.</summary>
internal sealed class GetBaseReport : V201CallHandler<GetBaseReportRequest, GetBaseReportResponse>
{
    public override string Action => "GetBaseReport";

    protected override CallAnswer<GetBaseReportResponse> Handle(V201Protocol protocol, GetBaseReportRequest request)
    {
        IEnumerable<SettingDefinition> selected = SettingsCatalog.All.Where(d => d.ExistsIn201);
        selected = request.ReportBase switch
        {
            ReportBaseEnumType.ConfigurationInventory => selected.Where(d => d.Mutability != Mutability.ReadOnly),
            ReportBaseEnumType.SummaryInventory => selected.Where(d => d.Variable is "AvailabilityState" or "Available" or "Enabled" or "Entries"),
            _ => selected,
        };
        protocol.SendReport(request.RequestId, selected.ToList());
        return new GetBaseReportResponse("Accepted");
    }
}
