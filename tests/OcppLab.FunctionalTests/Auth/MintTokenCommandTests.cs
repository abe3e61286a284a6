using System.Net;
using Microsoft.Extensions.Configuration;
using OcppLab.Api.Auth;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Auth;

/// <summary>`mint-token`: prints a token signed with the configured key (and nothing else), or explains its usage.</summary>
public sealed class MintTokenCommandTests
{
    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = GatewayFactory.SigningKey,
            ["Auth:Issuer"] = GatewayFactory.Issuer,
            ["Auth:Audience"] = GatewayFactory.Audience,
        })
        .Build();

    [TestCase("user")]
    [TestCase("admin")]
    public async Task It_prints_only_a_token_the_gateway_accepts(string role)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = MintTokenCommand.Run(["--org", "mint-org", "--role", role, "--expires-minutes", "5"], Configuration(), stdout, stderr);

        Assert.That(exit, Is.Zero);
        Assert.That(stderr.ToString(), Is.Empty);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "nothing but the token on stdout");
        Assert.That(lines[0].Split('.'), Has.Length.EqualTo(3), "a compact JWT");

        await using var factory = new GatewayFactory();
        var client = factory.ClientWithToken(lines[0].Trim());
        if (role == "admin")
        {
            client.DefaultRequestHeaders.Add(Claims.OrganizationHeader, "mint-org");
        }

        Assert.That((await client.GetAsync("/ocpp/locations")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(new string[0], "--org is required")]
    [TestCase(new[] { "--org", "x" }, "--role must be user or admin")]
    [TestCase(new[] { "--org", "x", "--role", "root" }, "--role must be user or admin")]
    [TestCase(new[] { "--org", "x", "--role", "user", "--expires-minutes", "0" }, "invalid argument")]
    [TestCase(new[] { "--org", "x", "--role", "user", "--bogus" }, "invalid argument")]
    public void Bad_arguments_exit_2_with_the_usage_on_stderr(string[] args, string problem)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = MintTokenCommand.Run(args, Configuration(), stdout, stderr);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stdout.ToString(), Is.Empty);
        Assert.That(stderr.ToString(), Does.Contain(problem).And.Contain("usage: mint-token"));
    }
}
