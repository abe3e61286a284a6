using System.Net;
using Microsoft.Extensions.Options;
using OcppLab.Infrastructure.Network;

namespace OcppLab.UnitTests.Network;

/// <summary>Entries of Ocpp:OutboundPolicy and their start-up validation.</summary>
public sealed class OutboundRuleTests
{
    [TestCase("10.0.0.0/8", "10.0.0.0/8")]
    [TestCase("192.0.2.7", "192.0.2.7/32")]
    [TestCase("0.0.0.0/0", "0.0.0.0/0")]
    [TestCase("::1", "::1/128")]
    [TestCase("[::1]", "::1/128")]
    [TestCase("fd00::/8", "fd00::/8")]
    [TestCase("::ffff:10.0.0.1", "10.0.0.1/32")]
    [TestCase(" 172.16.0.0/12 ", "172.16.0.0/12")]
    public void Address_entries_are_networks(string text, string network)
    {
        Assert.That(OutboundRule.Parse(text).Network.ToString(), Is.EqualTo(network));
    }

    [TestCase("csms.example.test", "csms.example.test", false)]
    [TestCase("CSMS.Example.Test.", "csms.example.test", false)]
    [TestCase("*.example.test", "example.test", true)]
    [TestCase("bücher.example", "xn--bcher-kva.example", false)]
    [TestCase("metadata", "metadata", false)]
    public void Name_entries_are_normalised(string text, string name, bool wildcard)
    {
        var rule = OutboundRule.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Network, Is.Null);
            Assert.That(rule.Name, Is.EqualTo(name));
            Assert.That(rule.Wildcard, Is.EqualTo(wildcard));
        });
    }

    [TestCase("", "must not be empty")]
    [TestCase("   ", "must not be empty")]
    [TestCase("10.0.0.0/33", "not a CIDR block")]
    [TestCase("::/129", "not a CIDR block")]
    [TestCase("10.0.0.0/-1", "not a CIDR block")]
    [TestCase("10.0.0.0/", "not a CIDR block")]
    [TestCase("banana/8", "not a CIDR block")]
    [TestCase("10.0.0.1/8", "did you mean 10.0.0.0/8")]
    [TestCase("exa mple.test", "not a CIDR block, an IP address or a host name")]
    [TestCase("csms.example.test:8080", "not a CIDR block, an IP address or a host name")]
    [TestCase("*", "not a CIDR block, an IP address or a host name")]
    [TestCase("a.*.test", "not a CIDR block, an IP address or a host name")]
    [TestCase("-bad.test", "not a CIDR block, an IP address or a host name")]
    [TestCase("ws://csms.example.test", "not a CIDR block")]
    public void Malformed_entries_are_rejected_with_a_reason(string text, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(OutboundRule.TryParse(text, out var rule, out var error), Is.False);
            Assert.That(rule, Is.Null);
            Assert.That(error, Does.Contain(reason));
        });
    }

    [Test]
    public void The_options_validator_names_every_bad_entry_by_its_key()
    {
        var result = new OutboundPolicyOptionsValidator().Validate(
            Options.DefaultName,
            new OutboundPolicyOptions { Allow = ["10.0.0.0/8", "10.0.0.0/40"], Deny = ["ok.example.test", "not a host"] });

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures!.Count(), Is.EqualTo(2));
            Assert.That(result.Failures!.First(), Does.StartWith("Ocpp:OutboundPolicy:Allow:1: "));
            Assert.That(result.Failures!.Last(), Does.StartWith("Ocpp:OutboundPolicy:Deny:1: "));
        });
    }

    [Test]
    public void Valid_options_pass_validation()
    {
        var result = new OutboundPolicyOptionsValidator().Validate(
            Options.DefaultName, new OutboundPolicyOptions { Allow = ["10.0.0.0/8", "csms.example.test"], Deny = ["::1", "*.corp.test"] });

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Every_built_in_entry_is_valid()
    {
        Assert.That(OutboundRule.BuiltInDeny.Where(e => !OutboundRule.TryParse(e, out _, out _)), Is.Empty);
        Assert.That(OutboundRule.Parse("169.254.0.0/16").Matches(IPAddress.Parse("169.254.169.254")), Is.True);
    }
}
