using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Firmware;

internal sealed record UpdateFirmwareRequest(string? Location, int? Retries, DateTimeOffset? RetrieveDate, int? RetryInterval);

internal sealed record UpdateFirmwareResponse;

/// <summary>UpdateFirmware (1.6 §5.19): a simulated download and install, reported by FirmwareStatusNotification, then a reboot.</summary>
internal sealed class UpdateFirmware : V16CallHandler<UpdateFirmwareRequest, UpdateFirmwareResponse>
{
    public override string Action => "UpdateFirmware";

    protected override CallAnswer<UpdateFirmwareResponse> Handle(V16Protocol protocol, UpdateFirmwareRequest request)
    {
        var location = request.Location ?? string.Empty;
        var retrieve = request.RetrieveDate ?? protocol.Session.Now;
        var delay = retrieve > protocol.Session.Now ? retrieve - protocol.Session.Now : TimeSpan.Zero;
        var valid = Uri.TryCreate(location, UriKind.Absolute, out _);
        var step = TimeSpan.FromSeconds(1);
        protocol.Session.Schedule(delay, () =>
        {
            protocol.SendFirmwareStatus("Downloading");
            protocol.Session.Schedule(step, () =>
            {
                if (!valid)
                {
                    protocol.SendFirmwareStatus("DownloadFailed");
                    return;
                }

                protocol.SendFirmwareStatus("Downloaded");
                protocol.Session.Schedule(step, () =>
                {
                    protocol.SendFirmwareStatus("Installing");
                    protocol.Session.Schedule(step, () =>
                    {
                        protocol.SendFirmwareStatus("Installed");
                        protocol.Session.Schedule(step, () => protocol.Session.Reboot(Domain.ChargePoint.StopReason.Reboot, "FirmwareUpdate"));
                    });
                });
            });
        });
        return new UpdateFirmwareResponse();
    }
}
