using System.Net;
using OcppLab.Infrastructure.Network;

namespace OcppLab.UnitTests.Network;

/// <summary>
/// The outbound policy (issue 9 item 5): built-in deny of link-local and metadata endpoints, CIDR
/// matching for IPv4 and IPv6, the IPv4 inside mapped and NAT64 addresses, host names, and allow
/// lists where deny still wins.
/// </summary>
public sealed class OutboundPolicyTests
{
    private static OutboundPolicy Policy(string[]? allow = null, string[]? deny = null, bool denyLinkLocal = true) =>
        new(new OutboundPolicyOptions { Allow = [.. allow ?? []], Deny = [.. deny ?? []], DenyLinkLocal = denyLinkLocal });

    [TestCase("169.254.169.254")]
    [TestCase("169.254.0.1")]
    [TestCase("169.254.255.255")]
    [TestCase("fe80::1")]
    [TestCase("febf:ffff::1")]
    [TestCase("fe80::1%2")]
    [TestCase("fd00:ec2::254")]
    [TestCase("100.100.100.200")]
    [TestCase("168.63.129.16")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("::ffff:a9fe:a9fe")]
    [TestCase("64:ff9b::a9fe:a9fe")]
    [TestCase("::169.254.169.254")]
    public void Link_local_and_metadata_addresses_are_denied_by_default(string address)
    {
        Assert.That(OutboundPolicy.Default.Allows(IPAddress.Parse(address)), Is.False);
    }

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("192.168.1.10")]
    [TestCase("203.0.113.7")]
    [TestCase("2001:db8::1")]
    [TestCase("fd00::1")]
    [TestCase("169.253.255.255")]
    [TestCase("169.255.0.0")]
    [TestCase("fec0::1")]
    [TestCase("fd00:ec2::253")]
    [TestCase("100.100.100.201")]
    [TestCase("::ffff:10.0.0.1")]
    public void Loopback_private_and_public_addresses_are_allowed_by_default(string address)
    {
        Assert.That(OutboundPolicy.Default.Allows(IPAddress.Parse(address)), Is.True);
    }

    [TestCase("metadata.google.internal")]
    [TestCase("METADATA.Google.Internal")]
    [TestCase("metadata.google.internal.")]
    [TestCase("metadata")]
    [TestCase("instance-data.ec2.internal")]
    public void Metadata_host_names_are_denied_by_default(string host)
    {
        Assert.Multiple(() =>
        {
            Assert.That(OutboundPolicy.Default.AllowsHost(host), Is.False, "before any lookup");
            Assert.That(OutboundPolicy.Default.Allows(IPAddress.Parse("203.0.113.9"), host), Is.False, "whatever it resolves to");
        });
    }

    [TestCase("csms.example.test")]
    [TestCase("localhost")]
    [TestCase("metadata.example.test")]
    [TestCase("google.internal")]
    public void Other_host_names_pass_until_their_addresses_are_known(string host)
    {
        Assert.That(OutboundPolicy.Default.AllowsHost(host), Is.True);
    }

    [TestCase("169.254.169.254")]
    [TestCase("[fe80::1]")]
    [TestCase("[::ffff:169.254.169.254]")]
    [TestCase("0xa9fea9fe")]
    [TestCase("2852039166")]
    [TestCase("0251.0376.0251.0376")]
    [TestCase("169.254.43518")]
    public void Literal_hosts_in_any_form_are_judged_as_their_address(string host)
    {
        Assert.That(OutboundPolicy.Default.AllowsHost(host), Is.False);
    }

    [Test]
    public void Without_DenyLinkLocal_nothing_is_denied_by_default()
    {
        var policy = Policy(denyLinkLocal: false);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Allows(IPAddress.Parse("169.254.169.254")), Is.True);
            Assert.That(policy.Allows(IPAddress.Parse("fe80::1")), Is.True);
            Assert.That(policy.AllowsHost("metadata.google.internal"), Is.True);
        });
    }

    [Test]
    public void Configured_deny_entries_add_to_the_built_in_ones()
    {
        var policy = Policy(deny: ["127.0.0.0/8", "::1", "10.0.0.0/8", "fd00::/8", "csms.internal.test", "*.corp.test"]);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Allows(IPAddress.Parse("127.0.0.1")), Is.False);
            Assert.That(policy.Allows(IPAddress.Parse("127.255.0.3")), Is.False);
            Assert.That(policy.Allows(IPAddress.Parse("::ffff:127.0.0.1")), Is.False, "mapped loopback");
            Assert.That(policy.Allows(IPAddress.Parse("::1")), Is.False);
            Assert.That(policy.Allows(IPAddress.Parse("0.0.0.0")), Is.False, "0.0.0.0 reaches the local host");
            Assert.That(policy.Allows(IPAddress.Parse("10.200.0.1")), Is.False);
            Assert.That(policy.Allows(IPAddress.Parse("fdff::1")), Is.False);
            Assert.That(policy.Allows(IPAddress.Parse("169.254.169.254")), Is.False, "the built-in entries stay");
            Assert.That(policy.AllowsHost("csms.internal.test"), Is.False);
            Assert.That(policy.AllowsHost("a.b.corp.test"), Is.False);
            Assert.That(policy.AllowsHost("corp.test"), Is.True, "a wildcard names subdomains only");
            Assert.That(policy.AllowsHost("notcorp.test"), Is.True);
            Assert.That(policy.Allows(IPAddress.Parse("11.0.0.1")), Is.True);
            Assert.That(policy.Allows(IPAddress.Parse("fc00::1")), Is.True);
        });
    }

    [Test]
    public void A_non_empty_allow_list_allows_only_its_entries_and_deny_still_wins()
    {
        var policy = Policy(allow: ["192.168.0.0/16", "csms.example.test", "169.254.10.0/24"], deny: ["192.168.66.0/24"]);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Allows(IPAddress.Parse("192.168.1.5")), Is.True);
            Assert.That(policy.Allows(IPAddress.Parse("::ffff:192.168.1.5")), Is.True, "a mapped address is its IPv4");
            Assert.That(policy.Allows(IPAddress.Parse("10.0.0.1")), Is.False, "not in the allow list");
            Assert.That(policy.Allows(IPAddress.Parse("127.0.0.1")), Is.False, "loopback is not in the allow list");
            Assert.That(policy.Allows(IPAddress.Parse("192.168.66.1")), Is.False, "deny wins over allow");
            Assert.That(policy.Allows(IPAddress.Parse("169.254.10.1")), Is.False, "the built-in deny wins over allow");
            Assert.That(policy.Allows(IPAddress.Parse("203.0.113.1"), "csms.example.test"), Is.True, "an allowed name, any address");
            Assert.That(policy.Allows(IPAddress.Parse("192.168.66.1"), "csms.example.test"), Is.False, "an allowed name to a denied address");
            Assert.That(policy.Allows(IPAddress.Parse("203.0.113.1"), "other.example.test"), Is.False);
        });
    }

    [Test]
    public void Allowed_names_do_not_lift_deny_entries_on_names()
    {
        var policy = Policy(allow: ["metadata.google.internal"]);

        Assert.That(policy.Allows(IPAddress.Parse("10.0.0.1"), "metadata.google.internal"), Is.False);
    }

    [Test]
    public void Ipv6_cidr_blocks_match_by_prefix()
    {
        var policy = Policy(deny: ["2001:db8:1::/48"], denyLinkLocal: false);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Allows(IPAddress.Parse("2001:db8:1:ffff::1")), Is.False);
            Assert.That(policy.Allows(IPAddress.Parse("2001:db8:2::1")), Is.True);
            Assert.That(policy.Allows(IPAddress.Parse("32.1.13.184")), Is.True, "an IPv4 address with the same leading bytes is another family");
        });
    }

    [Test]
    public void Decide_names_the_rule_that_denied()
    {
        var policy = Policy(allow: ["10.0.0.0/8"]);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Decide(IPAddress.Parse("169.254.169.254"), null), Is.EqualTo("deny entry '169.254.0.0/16'"));
            Assert.That(policy.Decide(IPAddress.Parse("192.0.2.1"), null), Is.EqualTo("no allow entry matches"));
            Assert.That(policy.Decide(IPAddress.Parse("10.0.0.1"), null), Is.Null);
        });
    }
}
