using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Vendor;

/// <summary>DataTransfer (block P, P01/P02): vendor OcppLab is accepted with its data echoed; any other vendor is unknown.</summary>
internal sealed class DataTransfer : ICsmsCallHandler<V201Protocol>
{
    public string Action => "DataTransfer";

    public CallReply Handle(V201Protocol protocol, JsonObject payload) =>
        Str(payload, "vendorId") == OcppProtocol.SimulatorVendorId
            ? CallReply.Ok(Obj(("status", "Accepted"), ("data", payload["data"]?.DeepClone())))
            : Status("UnknownVendorId");
}
