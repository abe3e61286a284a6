using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.FirmwareManagement;

internal sealed record UpdateFirmwareRequest(int? Retries, int? RetryInterval, int RequestId, FirmwareType? Firmware);

/// <summary>FirmwareType (2.0.1 §2.26).</summary>
internal sealed record FirmwareType(string? Location, DateTimeOffset? RetrieveDateTime, DateTimeOffset? InstallDateTime, string? SigningCertificate, string? Signature);

internal sealed record UpdateFirmwareResponse(string Status);

/// <summary>UpdateFirmware (L01): a simulated download and install, reported by FirmwareStatusNotification, then a reboot.</summary>
internal sealed class UpdateFirmware : V201CallHandler<UpdateFirmwareRequest, UpdateFirmwareResponse>
{
    public override string Action => "UpdateFirmware";

    protected override CallAnswer<UpdateFirmwareResponse> Handle(V201Protocol protocol, UpdateFirmwareRequest request)
    {
        var requestId = request.RequestId;
        var valid = Uri.TryCreate(request.Firmware?.Location, UriKind.Absolute, out _);
        var retrieve = request.Firmware?.RetrieveDateTime ?? protocol.Session.Now;
        var delay = retrieve > protocol.Session.Now ? retrieve - protocol.Session.Now : TimeSpan.Zero;
        var step = TimeSpan.FromSeconds(1);
        protocol.FirmwareRequestId = requestId;
        protocol.Session.Schedule(delay, () =>
        {
            protocol.SendFirmwareStatus("Downloading", requestId);
            protocol.Session.Schedule(step, () =>
            {
                if (!valid)
                {
                    protocol.SendFirmwareStatus("DownloadFailed", requestId);
                    return;
                }

                protocol.SendFirmwareStatus("Downloaded", requestId);
                protocol.Session.Schedule(step, () =>
                {
                    protocol.SendFirmwareStatus("Installing", requestId);
                    protocol.Session.Schedule(step, () =>
                    {
                        protocol.SendFirmwareStatus("Installed", requestId);
                        protocol.Session.Schedule(step, () => protocol.Session.Reboot(Domain.ChargePoint.StopReason.Reboot, "FirmwareUpdate"));
                    });
                });
            });
        });
        return new UpdateFirmwareResponse("Accepted");
    }
}
