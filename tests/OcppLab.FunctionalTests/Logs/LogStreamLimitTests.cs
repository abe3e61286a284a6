using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Logging;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// The number of open live log streams is bounded per tenant (Logs:MaxStreamsPerTenant) and per
/// gateway (Logs:MaxStreams): one more is a 429 problem with Retry-After that holds nothing, and a
/// closed stream gives its place back.
/// </summary>
public sealed class LogStreamLimitTests
{
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void StartGateway() => _factory = new GatewayFactory(settings: new Dictionary<string, string?>
    {
        ["Logs:MaxStreams"] = "3",
        ["Logs:MaxStreamsPerTenant"] = "2",
    });

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    private LiveLogHub Hub => _factory.Services.GetRequiredService<LiveLogHub>();

    [Test]
    public async Task A_tenant_over_its_streams_gets_429_and_the_gateway_over_its_total_too_until_one_closes()
    {
        var alice = _factory.ClientFor(GatewayApi.NewOrg());
        var bob = _factory.ClientFor(GatewayApi.NewOrg());
        var carol = _factory.ClientFor(GatewayApi.NewOrg());
        var a = await alice.QuietChargerAsync("CP-CAP-A");
        var b = await bob.QuietChargerAsync("CP-CAP-B");
        var c = await carol.QuietChargerAsync("CP-CAP-C");
        var open = new List<EventStreamReader>();
        try
        {
            open.Add(await EventStreamReader.OpenAsync(alice, $"/ocpp/chargers/{a}/logs/stream"));
            open.Add(await EventStreamReader.OpenAsync(alice, $"/ocpp/chargers/{a}/logs/stream?event=Heartbeat"));

            // The tenant's third: refused, and it holds no place.
            var third = await alice.GetAsync($"/ocpp/chargers/{a}/logs/stream");
            var problem = await third.AssertProblemAsync(429);
            Assert.Multiple(() =>
            {
                Assert.That(problem.Str("detail"), Does.Contain("Logs:MaxStreamsPerTenant"));
                Assert.That(third.Headers.RetryAfter?.Delta, Is.EqualTo(LiveLogHub.RetryAfter));
                Assert.That(Hub.OpenStreams, Is.EqualTo(2));
            });

            // Another tenant still has a place, until the gateway's total is reached.
            open.Add(await EventStreamReader.OpenAsync(bob, $"/ocpp/chargers/{b}/logs/stream"));
            var overTotal = await carol.GetAsync($"/ocpp/chargers/{c}/logs/stream");
            Assert.That((await overTotal.AssertProblemAsync(429)).Str("detail"), Does.Contain("Logs:MaxStreams"));
            Assert.That(Hub.OpenStreams, Is.EqualTo(3));

            // A closed stream gives its place back (when the server sees the client go).
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await Eventually.UntilAsync(() => Task.FromResult(Hub.OpenStreams == 2), because: "the closed stream's place is free again");
            open.Add(await EventStreamReader.OpenAsync(carol, $"/ocpp/chargers/{c}/logs/stream"));
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }
        }

        await Eventually.UntilAsync(() => Task.FromResult(Hub.OpenStreams == 0), because: "every place is given back");
    }

    [Test]
    public async Task A_refused_404_stream_takes_no_place()
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        for (var i = 0; i < 5; i++)
        {
            await (await client.GetAsync("/ocpp/chargers/dep-000000000000/logs/stream")).AssertProblemAsync(404);
        }

        Assert.That(Hub.OpenStreams, Is.EqualTo(0));
    }

    [TestCase("0", "1")]
    [TestCase("10", "11")]
    [TestCase("100001", "1")]
    public void Limits_out_of_range_stop_the_start_up(string total, string perTenant)
    {
        using var factory = new GatewayFactory(settings: new Dictionary<string, string?>
        {
            ["Logs:MaxStreams"] = total,
            ["Logs:MaxStreamsPerTenant"] = perTenant,
        });

        var error = Assert.Catch(() => factory.CreateClient());

        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException validation)
            {
                Assert.That(validation.Message, Does.Contain("Logs:MaxStreams"));
                return;
            }
        }

        Assert.Fail($"expected an options validation error, got {error}");
    }
}
