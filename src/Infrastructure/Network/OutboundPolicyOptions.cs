namespace OcppLab.Infrastructure.Network;

/// <summary>
/// Section <c>Ocpp:OutboundPolicy</c>: where the simulated chargers may connect to. Entries are
/// CIDR blocks (<c>10.0.0.0/8</c>, <c>fd00::/8</c>), single addresses (<c>192.0.2.7</c>, <c>::1</c>)
/// or host names (<c>csms.example.test</c>, <c>*.example.test</c> for every subdomain).
/// The lists start empty so that configuration adds to nothing: the built-in deny entries are
/// switched by <see cref="DenyLinkLocal"/>, not by editing a default list.
/// </summary>
public sealed class OutboundPolicyOptions
{
    public const string SectionName = "Ocpp:OutboundPolicy";

    /// <summary>When not empty, only these destinations are allowed (a deny entry still wins).</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>Destinations never connected to, in addition to the built-in ones.</summary>
    public List<string> Deny { get; set; } = [];

    /// <summary>
    /// Deny link-local addresses (169.254.0.0/16, fe80::/10) and the cloud metadata endpoints
    /// (<see cref="OutboundRule.BuiltInDeny"/>). On by default; a lab that really targets a
    /// link-local CSMS turns it off.
    /// </summary>
    public bool DenyLinkLocal { get; set; } = true;
}
