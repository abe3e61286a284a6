using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OcppLab.Application.Abstractions;

namespace OcppLab.Infrastructure.Network;

/// <summary>
/// The allow and deny lists of <see cref="OutboundPolicyOptions"/>, applied to an address and the
/// host name it was reached through. Deny wins: an address is denied when any form of it (as given,
/// the IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address,
/// and the loopback address an unspecified 0.0.0.0 / :: reaches) or its host name matches a deny
/// entry. A non-empty allow list then requires a match of one of those forms or of the name.
/// </summary>
public sealed class OutboundPolicy : IOutboundPolicy
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly OutboundRule[] _deny;
    private readonly OutboundRule[] _allow;

    public OutboundPolicy(IOptions<OutboundPolicyOptions> options)
        : this(options.Value)
    {
    }

    public OutboundPolicy(OutboundPolicyOptions options)
    {
        var deny = options.DenyLinkLocal ? OutboundRule.BuiltInDeny.Concat(options.Deny) : options.Deny;
        _deny = deny.Select(OutboundRule.Parse).ToArray();
        _allow = options.Allow.Select(OutboundRule.Parse).ToArray();
    }

    /// <summary>The policy with its defaults (no configuration).</summary>
    public static OutboundPolicy Default { get; } = new(new OutboundPolicyOptions());

    public bool Allows(IPAddress address, string? host = null) => Decide(address, host) is null;

    public bool AllowsHost(string host)
    {
        var value = OutboundRule.Unbracket(host.Trim());
        if (IPAddress.TryParse(value, out var address))
        {
            return Allows(address);
        }

        var name = OutboundRule.NormaliseHost(value);
        return name is null || !_deny.Any(r => r.MatchesName(name));
    }

    /// <summary>Null when the connection is allowed, otherwise which rule decided (for the operator's log, not for API clients).</summary>
    public string? Decide(IPAddress address, string? host)
    {
        var forms = Forms(address).ToList();
        var name = host is null || IPAddress.TryParse(OutboundRule.Unbracket(host), out _) ? null : OutboundRule.NormaliseHost(host);
        foreach (var rule in _deny)
        {
            if (forms.Any(rule.Matches) || (name is not null && rule.MatchesName(name)))
            {
                return $"deny entry '{rule}'";
            }
        }

        if (_allow.Length == 0 || _allow.Any(rule => forms.Any(rule.Matches) || (name is not null && rule.MatchesName(name))))
        {
            return null;
        }

        return "no allow entry matches";
    }

    /// <summary>Every address the connection may really reach through <paramref name="address"/>.</summary>
    internal static IEnumerable<IPAddress> Forms(IPAddress address)
    {
        var normal = OutboundRule.Normalise(address);
        yield return normal;
        if (normal.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = normal.GetAddressBytes();
            if (Nat64.Contains(normal) || IsIPv4Compatible(bytes))
            {
                yield return new IPAddress(bytes.AsSpan(12, 4));
            }

            if (normal.Equals(IPAddress.IPv6Any))
            {
                yield return IPAddress.IPv6Loopback;
            }
        }
        else if (normal.Equals(IPAddress.Any))
        {
            yield return IPAddress.Loopback;
        }
    }

    /// <summary>::a.b.c.d (deprecated), not :: or ::1.</summary>
    private static bool IsIPv4Compatible(byte[] bytes) =>
        bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && (bytes[12] | bytes[13]) != 0;
}
