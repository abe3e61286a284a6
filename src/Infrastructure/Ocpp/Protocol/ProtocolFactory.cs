using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.V16;
using OcppLab.Infrastructure.Ocpp.V201;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>The one place that picks a version's protocol: the runtime itself references no version's types.</summary>
public static class ProtocolFactory
{
    public static Func<ISessionServices, OcppProtocol> For(OcppVersion version) =>
        version == OcppVersion.V201
            ? services => new V201Protocol(services)
            : services => new V16Protocol(services);
}
