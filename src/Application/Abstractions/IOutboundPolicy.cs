using System.Net;

namespace OcppLab.Application.Abstractions;

/// <summary>
/// Which network destinations the simulated chargers may open connections to (configuration
/// section <c>Ocpp:OutboundPolicy</c>). Without it a tenant's <c>ws_url</c> could point at any
/// address the gateway can reach (cloud metadata, link-local, internal services), and the
/// distinct connection errors would turn the gateway into a port scanner.
/// The binding check is made on every address actually connected to, after DNS resolution (so a
/// host name that later resolves elsewhere cannot bypass it); the API's validators use
/// <see cref="AllowsHost"/> to reject what can be decided before any lookup.
/// </summary>
public interface IOutboundPolicy
{
    /// <summary>
    /// Whether a connection to <paramref name="address"/> is allowed, reached through the host name
    /// <paramref name="host"/> (null for a literal address). Deny entries win over allow entries;
    /// an IPv4-mapped IPv6 address is judged as its IPv4 address.
    /// </summary>
    bool Allows(IPAddress address, string? host = null);

    /// <summary>
    /// What can be decided about a URL host without a DNS lookup: a literal address (any form
    /// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> reads, brackets allowed) is judged
    /// by <see cref="Allows"/>; a host name is false only when a deny entry names it. The addresses
    /// a permitted name resolves to are still checked when connecting.
    /// </summary>
    bool AllowsHost(string host);
}
