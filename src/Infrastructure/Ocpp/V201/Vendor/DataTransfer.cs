using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Vendor;

/// <summary>The data is any JSON (2.0.1 has no type for it), echoed as it came.</summary>
internal sealed record DataTransferRequest(string? MessageId, JsonNode? Data, string? VendorId);

internal sealed record DataTransferResponse(string Status, JsonNode? Data = null);

/// <summary>DataTransfer (block P, P01/P02): vendor OcppLab is accepted with its data echoed; any other vendor is unknown.</summary>
internal sealed class DataTransfer : V201CallHandler<DataTransferRequest, DataTransferResponse>
{
    public override string Action => "DataTransfer";

    protected override CallAnswer<DataTransferResponse> Handle(V201Protocol protocol, DataTransferRequest request) =>
        request.VendorId == OcppProtocol.SimulatorVendorId
            ? new DataTransferResponse("Accepted", request.Data)
            : new DataTransferResponse("UnknownVendorId");
}
