using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

internal sealed record DataTransferRequest(string? VendorId, string? MessageId, string? Data);

internal sealed record DataTransferResponse(string Status, string? Data = null);

/// <summary>DataTransfer (1.6 §5.6): vendor OcppLab is accepted with its data echoed; any other vendor is unknown.</summary>
internal sealed class DataTransfer : V16CallHandler<DataTransferRequest, DataTransferResponse>
{
    public override string Action => "DataTransfer";

    protected override CallAnswer<DataTransferResponse> Handle(V16Protocol protocol, DataTransferRequest request) =>
        request.VendorId == OcppProtocol.SimulatorVendorId
            ? new DataTransferResponse("Accepted", request.Data)
            : new DataTransferResponse("UnknownVendorId");
}
