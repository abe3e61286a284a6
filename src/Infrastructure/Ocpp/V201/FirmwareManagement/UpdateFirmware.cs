using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.FirmwareManagement;

/// <summary>UpdateFirmware (L01): a simulated download and install, reported by FirmwareStatusNotification, then a reboot.</summary>
internal sealed class UpdateFirmware : ICsmsCallHandler<V201Protocol>
{
    public string Action => "UpdateFirmware";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var firmware = payload["firmware"] as JsonObject ?? [];
        var valid = Uri.TryCreate(Str(firmware, "location"), UriKind.Absolute, out _);
        var retrieve = Time(firmware, "retrieveDateTime") ?? protocol.Session.Now;
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
        return Status("Accepted");
    }
}
