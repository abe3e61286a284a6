using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Firmware;

/// <summary>UpdateFirmware (1.6 §5.19): a simulated download and install, reported by FirmwareStatusNotification, then a reboot.</summary>
internal sealed class UpdateFirmware : ICsmsCallHandler<V16Protocol>
{
    public string Action => "UpdateFirmware";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var location = Str(payload, "location") ?? string.Empty;
        var retrieve = Time(payload, "retrieveDate") ?? protocol.Session.Now;
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
        return CallReply.Ok(new JsonObject());
    }
}
