using OcppLab.Api.Auth;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Cluster;

/// <summary>
/// The operator's cluster routes on one node, the embedded default (issue 12 item 5, ADR 11): admin
/// tokens only, a cluster of one with nothing to move, and a bad Cluster:RebalanceParallelism stops
/// the start-up naming the setting. The rebalance of a real cluster: <see cref="ClusterRebalanceTests"/>.
/// </summary>
public sealed class ClusterRouteTests
{
    [Test]
    public async Task One_node_is_a_cluster_of_one_and_a_rebalance_answers_202_with_nothing_to_move()
    {
        await using var gateway = new GatewayFactory();
        using var admin = gateway.ClientFor("operator", Claims.AdminRole);

        var cluster = await admin.GetJsonAsync("/ocpp/cluster");
        var response = await admin.PostAsync("/ocpp/cluster/rebalance", null);
        var location = response.Headers.Location;
        var run = await response.ExpectJsonAsync(202);
        var after = await admin.GetJsonAsync("/ocpp/cluster");

        Assert.Multiple(() =>
        {
            Assert.That(cluster["nodes"]!.AsArray(), Has.Count.EqualTo(1), cluster.ToJsonString());
            Assert.That(cluster["nodes"]![0]!["chargers"]!.GetValue<int>(), Is.Zero);
            Assert.That(cluster["nodes"]![0].Str("node"), Is.Not.Empty);
            Assert.That(cluster["rebalance"], Is.Null, "no rebalance ran yet");
            Assert.That(run.Str("status"), Is.EqualTo("completed"), run.ToJsonString());
            Assert.That(run["planned"]!.GetValue<int>(), Is.Zero);
            Assert.That(run["moves"]!.AsArray(), Is.Empty);
            Assert.That(run["finished_at"], Is.Not.Null);
            Assert.That(location?.ToString(), Is.EqualTo("/ocpp/cluster"));
            Assert.That(after["rebalance"].Str("status"), Is.EqualTo("completed"), "the last rebalance is shown");
        });
    }

    [Test]
    public async Task A_user_token_is_refused_403_on_both_cluster_routes()
    {
        await using var gateway = new GatewayFactory();
        using var user = gateway.ClientFor("tenant-a");

        var get = await (await user.GetAsync("/ocpp/cluster")).AssertProblemAsync(403);
        var post = await (await user.PostAsync("/ocpp/cluster/rebalance", null)).AssertProblemAsync(403);
        using var anonymous = gateway.ClientWithToken(null);
        await (await anonymous.PostAsync("/ocpp/cluster/rebalance", null)).AssertProblemAsync(401);

        Assert.Multiple(() =>
        {
            Assert.That((string?)get["detail"], Does.Contain("admin token"));
            Assert.That((string?)post["detail"], Does.Contain("admin token"));
        });
    }

    [TestCase("0")]
    [TestCase("65")]
    public void A_RebalanceParallelism_out_of_range_stops_the_start_up_naming_the_setting(string value)
    {
        using var gateway = new GatewayFactory(settings: new Dictionary<string, string?> { ["Cluster:RebalanceParallelism"] = value });

        var failure = Assert.Catch(() => gateway.CreateClient());

        Assert.That(failure!.ToString(), Does.Contain("Cluster:RebalanceParallelism").And.Contain("between 1 and 64"));
    }
}
