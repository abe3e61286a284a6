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

    /// <summary>
    /// Builds both versions' handler registries now (at start-up) rather than with the first session
    /// of a version: a duplicate action or a record missing from a version's JSON context stops the
    /// gateway from starting, naming it, instead of failing every session of that version later.
    /// </summary>
    public static IReadOnlyList<string> EnsureRegistries() =>
        [.. V16Protocol.ImplementedActions, .. V201Protocol.ImplementedActions];
}
