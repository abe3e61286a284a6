using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OcppLab.Infrastructure.Network;

/// <summary>One entry of an allow or deny list: an address block or a host name (exact, or <c>*.</c> for subdomains).</summary>
public sealed class OutboundRule
{
    /// <summary>
    /// Denied unless <see cref="OutboundPolicyOptions.DenyLinkLocal"/> is false: link-local ranges
    /// (169.254.169.254 is the metadata service of AWS, GCP, Azure, OpenStack, Oracle and others)
    /// and the metadata endpoints that live elsewhere, by address and by name.
    /// </summary>
    public static readonly IReadOnlyList<string> BuiltInDeny =
    [
        "169.254.0.0/16", // IPv4 link-local, instance metadata services
        "fe80::/10", // IPv6 link-local
        "fd00:ec2::254/128", // AWS instance metadata over IPv6
        "100.100.100.200/32", // Alibaba Cloud metadata
        "168.63.129.16/32", // Azure WireServer
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
        "instance-data.ec2.internal",
    ];

    private OutboundRule(string text, IPNetwork? network, string? name, bool wildcard)
    {
        Text = text;
        Network = network;
        Name = name;
        Wildcard = wildcard;
    }

    /// <summary>The entry as configured, for messages.</summary>
    public string Text { get; }

    public IPNetwork? Network { get; }

    /// <summary>The host name in lower-case ASCII without a trailing dot (the suffix after <c>*.</c> for a wildcard).</summary>
    public string? Name { get; }

    public bool Wildcard { get; }

    /// <summary>Reads an entry; false with a message saying what is wrong with it.</summary>
    public static bool TryParse(string? text, out OutboundRule? rule, out string? error)
    {
        rule = null;
        error = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            error = "an entry must not be empty";
            return false;
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            var slash = value.IndexOf('/', StringComparison.Ordinal);
            if (!IPAddress.TryParse(Unbracket(value[..slash]), out var prefix)
                || !int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length > (prefix.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
            {
                error = $"'{value}' is not a CIDR block (address/prefix length, e.g. 10.0.0.0/8 or fd00::/8)";
                return false;
            }

            var network = new IPNetwork(Mask(Normalise(prefix), length), length);
            if (!network.BaseAddress.Equals(Normalise(prefix)))
            {
                error = $"'{value}' has bits set beyond its prefix length; did you mean {network}?";
                return false;
            }

            rule = new OutboundRule(value, network, null, false);
            return true;
        }

        if (IPAddress.TryParse(Unbracket(value), out var address))
        {
            var single = Normalise(address);
            rule = new OutboundRule(value, new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128), null, false);
            return true;
        }

        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        var name = NormaliseHost(wildcard ? value[2..] : value);
        if (name is null || !IsHostName(name))
        {
            error = $"'{value}' is not a CIDR block, an IP address or a host name";
            return false;
        }

        rule = new OutboundRule(value, null, name, wildcard);
        return true;
    }

    /// <summary>Parses an entry that is known to be valid (validated at start-up).</summary>
    public static OutboundRule Parse(string text) =>
        TryParse(text, out var rule, out var error) ? rule! : throw new FormatException(error);

    public bool Matches(IPAddress address) => Network is { } network && network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address);

    /// <summary>Whether a normalised host name (<see cref="NormaliseHost"/>) is named by this entry.</summary>
    public bool MatchesName(string host) =>
        Name is { } name && (Wildcard
            ? host.Length > name.Length + 1 && host.EndsWith(name, StringComparison.Ordinal) && host[host.Length - name.Length - 1] == '.'
            : string.Equals(host, name, StringComparison.Ordinal));

    public override string ToString() => Text;

    /// <summary>A host name as DNS compares it: lower-case ASCII (IDN to punycode), no trailing dot; null when it is not one.</summary>
    public static string? NormaliseHost(string host)
    {
        var value = host.Trim().TrimEnd('.');
        if (value.Length == 0)
        {
            return null;
        }

        try
        {
            return new IdnMapping().GetAscii(value).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address it carries; the scope id is dropped.</summary>
    public static IPAddress Normalise(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    public static string Unbracket(string host) =>
        host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    private static bool IsHostName(string name) =>
        name.Length <= 253
        && name.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')
            && label[0] != '-' && label[^1] != '-');
}
