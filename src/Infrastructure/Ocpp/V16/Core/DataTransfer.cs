using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>DataTransfer (1.6 §5.6): vendor OcppLab is accepted with its data echoed; any other vendor is unknown.</summary>
internal sealed class DataTransfer : ICsmsCallHandler<V16Protocol>
{
    public string Action => "DataTransfer";

    public CallReply Handle(V16Protocol protocol, JsonObject payload) =>
        Str(payload, "vendorId") == OcppProtocol.SimulatorVendorId
            ? CallReply.Ok(Obj(("status", "Accepted"), ("data", Str(payload, "data"))))
            : Status("UnknownVendorId");
}
