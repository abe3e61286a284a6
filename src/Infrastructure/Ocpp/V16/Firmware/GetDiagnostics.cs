using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Firmware;

internal sealed record GetDiagnosticsRequest(string? Location, int? Retries, int? RetryInterval, DateTimeOffset? StartTime, DateTimeOffset? StopTime);

internal sealed record GetDiagnosticsResponse(string? FileName);

/// <summary>GetDiagnostics (1.6 §5.9): names the file, then reports a simulated upload by DiagnosticsStatusNotification.</summary>
internal sealed class GetDiagnostics : V16CallHandler<GetDiagnosticsRequest, GetDiagnosticsResponse>
{
    public override string Action => "GetDiagnostics";

    protected override CallAnswer<GetDiagnosticsResponse> Handle(V16Protocol protocol, GetDiagnosticsRequest request)
    {
        var fileName = $"diagnostics-{protocol.Model.Spec.Identity}-{protocol.Session.Now:yyyyMMddHHmmss}.log";
        protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
        {
            protocol.DiagnosticsStatus = "Uploading";
            protocol.Session.Enqueue(V16Protocol.DiagnosticsStatusNotification("Uploading"));
            protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
            {
                protocol.DiagnosticsStatus = "Uploaded";
                protocol.Session.Enqueue(V16Protocol.DiagnosticsStatusNotification("Uploaded"));
            });
        });
        return new GetDiagnosticsResponse(fileName);
    }
}
