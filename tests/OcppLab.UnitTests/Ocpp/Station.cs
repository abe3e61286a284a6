
namespace OcppLab.UnitTests.Ocpp;

/// <summary>
/// What every protocol test shares, whatever the version: a fake session and the reply's status.
/// <see cref="V16.V16Station"/> and <see cref="V201.V201Station"/> add their version's own helpers on top.
/// </summary>
internal static class Station
{
    internal static FakeSession Session(OcppVersion version, IReadOnlyDictionary<string, string>? settings = null, int connectors = 2) =>
        new(version, connectors: connectors, settings: settings);

    internal static string? Status(CallReply reply) => reply.Result.Str("status");
}
