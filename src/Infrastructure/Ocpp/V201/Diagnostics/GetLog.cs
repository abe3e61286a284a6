using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Diagnostics;

/// <summary>LogEnumType (2.0.1 §3.50).</summary>
internal enum LogEnumType
{
    DiagnosticsLog,
    SecurityLog,
}

internal sealed record GetLogRequest(LogParametersType? Log, LogEnumType? LogType, int RequestId, int? Retries, int? RetryInterval);

/// <summary>LogParametersType (2.0.1 §2.36).</summary>
internal sealed record LogParametersType(string? RemoteLocation, DateTimeOffset? OldestTimestamp, DateTimeOffset? LatestTimestamp);

internal sealed record GetLogResponse(string Status, string? Filename);

/// <summary>GetLog (N01): names the file, then reports a simulated upload by LogStatusNotification.</summary>
internal sealed class GetLog : V201CallHandler<GetLogRequest, GetLogResponse>
{
    public override string Action => "GetLog";

    protected override CallAnswer<GetLogResponse> Handle(V201Protocol protocol, GetLogRequest request)
    {
        var requestId = request.RequestId;
        var fileName = $"{(request.LogType == LogEnumType.SecurityLog ? "security" : "diagnostics")}-{protocol.Model.Spec.Identity}-{protocol.Session.Now:yyyyMMddHHmmss}.log";
        protocol.LogRequestId = requestId;
        protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
        {
            protocol.LogStatus = "Uploading";
            protocol.Session.Enqueue(V201Protocol.LogStatusNotification("Uploading", requestId));
            protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
            {
                protocol.LogStatus = "Uploaded";
                protocol.Session.Enqueue(V201Protocol.LogStatusNotification("Uploaded", requestId));
            });
        });
        return new GetLogResponse("Accepted", Cap(fileName, 255));
    }
}
