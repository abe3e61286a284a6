using OcppLab.Api.Auth;
using OcppLab.Client;
using OcppLab.Tests.Shared;

namespace OcppLab.NSwagTests;

/// <summary>
/// A running gateway on a real loopback port (<see cref="LoopbackGateway"/>), and clients of the
/// packed OcppLab.Client built the way its README says, with <see cref="OcppLabClientFactory"/>.
/// </summary>
public sealed class NSwagGateway() : LoopbackGateway("nswag")
{
    /// <summary>A client authenticated as a user of <paramref name="organizationId"/>.</summary>
    public OcppLabClient UserClient(string organizationId) =>
        OcppLabClientFactory.Create(Address, Token(organizationId, Claims.UserRole));

    /// <summary>A client with an admin token that names <paramref name="tenant"/> with X-Organization-Id (none when null).</summary>
    public OcppLabClient AdminClient(string? tenant) =>
        OcppLabClientFactory.Create(Address, Token("operators", Claims.AdminRole), tenant);
}
