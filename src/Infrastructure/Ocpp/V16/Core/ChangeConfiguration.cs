using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

internal sealed record ChangeConfigurationRequest(string? Key, string? Value);

internal sealed record ChangeConfigurationResponse(string Status);

/// <summary>ChangeConfiguration (1.6 §5.3): the settings catalog decides Accepted, Rejected, RebootRequired or NotSupported.</summary>
internal sealed class ChangeConfiguration : V16CallHandler<ChangeConfigurationRequest, ChangeConfigurationResponse>
{
    public override string Action => "ChangeConfiguration";

    protected override CallAnswer<ChangeConfigurationResponse> Handle(V16Protocol protocol, ChangeConfigurationRequest request)
    {
        var definition = SettingsCatalog.FindKey16(request.Key ?? string.Empty);
        if (definition is null)
        {
            return new ChangeConfigurationResponse("NotSupported");
        }

        return new ChangeConfigurationResponse(protocol.Model.Settings.TrySet(definition, request.Value ?? string.Empty).ToString());
    }
}
