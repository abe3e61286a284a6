using OcppLab.Client;
using OcppLab.Tests.Shared;

namespace OcppLab.NSwagTests;

/// <summary>
/// The README quickstart, driven only through the packed OcppLab.Client (NSwag, System.Text.Json):
/// every response is deserialized strictly (required members, nullable annotations respected, enums
/// by their wire names), so a document that does not say what the wire carries fails here.
/// </summary>
public sealed class QuickstartThroughNSwagTests
{
    private const string Tenant = "nswag-org";
    private NSwagGateway _gateway = null!;
    private OcppLabClient _client = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _gateway = new NSwagGateway();
        _client = _gateway.UserClient(Tenant);
    }

    [OneTimeTearDown]
    public async Task StopGateway() => await _gateway.DisposeAsync();

    [Test]
    public async Task The_catalog_lists_brands_and_the_models_of_a_brand()
    {
        var brands = await _client.Catalog_list_brandsAsync(page: 1, limit: 100);
        Assert.That(brands.Data.Select(b => b.Slug), Does.Contain("abb"));

        var models = await _client.Catalog_list_modelsAsync("abb", limit: 100);
        var terra = models.Data.Single(m => m.Slug == "terra-184");
        Assert.That(terra.Connector_types, Does.Contain("CCS2"));

        var model = await _client.Catalog_get_modelAsync("abb", "terra-184");
        Assert.That(model.Slug, Is.EqualTo("terra-184"));
    }

    [Test]
    public async Task A_charger_is_created_against_the_sandbox_runs_logs_charges_answers_a_proxied_message_and_is_deleted()
    {
        var location = await _client.Locations_createAsync(new CreateLocationRequest { Name = "NSwag Hub", Country = "FR", Timezone = "Europe/Paris" });
        var created = await _client.Chargers_createAsync(Terra184("NSWAG-CP-1", OcppVersionName.OCPP2_0_1, locationId: location.Id));
        Assert.That(created.Status, Is.EqualTo(ProvisioningStatusName.PROVISIONING));

        var status = await Eventually.UntilAsync(
            () => _client.Chargers_get_statusAsync(created.Charger_id),
            s => s.Status is ProvisioningStatusName.READY or ProvisioningStatusName.FAILED,
            because: "provisioning ends");
        Assert.That(status.Status, Is.EqualTo(ProvisioningStatusName.READY), status.Error?.Message);
        Assert.That(status.Provisioned_at, Is.Not.Null);

        var charger = await Eventually.UntilAsync(
            () => _client.Chargers_getAsync(created.Charger_id),
            c => c.Runtime.State == RuntimeStateName.Connected && c.Runtime.Boot_status == BootStatusName.Accepted,
            because: "runtime connected and booted");
        Assert.That(charger.Ocpp_version, Is.EqualTo(OcppVersionName.OCPP2_0_1));
        Assert.That(charger.Location_id, Is.EqualTo(location.Id));
        var listed = await _client.Location_chargers_listAsync(location.Id);
        Assert.That(listed.Data.Select(c => c.Id), Is.EqualTo(new[] { created.Charger_id }));

        await AssertLogFiltersAsync(created.Charger_id);
        await AssertSessionAsync(created.Charger_id);
        await AssertLocationTargetAsync(location.Id, created.Charger_id);
        await AssertProxyMessageAsync(created.Charger_id);

        await _client.Chargers_deleteAsync(created.Charger_id);
        var gone = Assert.ThrowsAsync<OcppLabApiException<ProblemDetails>>(() => _client.Chargers_getAsync(created.Charger_id));
        Assert.That(gone!.StatusCode, Is.EqualTo(404));
        Assert.That(gone.Result.Status, Is.EqualTo(404));
        Assert.That(gone.Result.Trace_id, Is.Not.Empty);
    }

    /// <summary>
    /// start_date/end_date carry their offset (+05:00 and -03:00 here): the client must send it, or a
    /// window around now would be read five hours off and match nothing. event, limit and offset page it.
    /// </summary>
    private async Task AssertLogFiltersAsync(string chargerId)
    {
        var now = DateTimeOffset.UtcNow;
        var from = now.AddMinutes(-5).ToOffset(TimeSpan.FromHours(5));
        var to = now.AddMinutes(5).ToOffset(TimeSpan.FromHours(-3));

        var boots = await Eventually.UntilAsync(
            () => _client.Chargers_list_logsAsync(chargerId, start_date: from, end_date: to, @event: "BootNotification", limit: 100),
            page => page.Total >= 2,
            because: "the BootNotification and its answer are logged");
        Assert.That(boots.Data.Select(e => e.Action), Has.All.EqualTo("BootNotification"));
        Assert.That(boots.Data.Select(e => e.Message_type), Does.Contain(LogMessageTypeName.Call).And.Contain(LogMessageTypeName.Call_result));
        Assert.That(boots.Data[0].Direction, Is.EqualTo(LogDirectionName.Cp_to_csms), "the charger speaks first");
        Assert.That(boots.Data.Select(e => e.Timestamp), Has.All.InRange(from, to));

        var second = await _client.Chargers_list_logsAsync(chargerId, start_date: from, end_date: to, @event: "BootNotification", limit: 1, offset: 1);
        Assert.That(second.Limit, Is.EqualTo(1));
        Assert.That(second.Offset, Is.EqualTo(1));
        Assert.That(second.Total, Is.EqualTo(boots.Total));
        Assert.That(second.Data.Single().Message_id, Is.EqualTo(boots.Data[1].Message_id));

        var later = await _client.Chargers_list_logsAsync(chargerId, start_date: now.AddHours(1).ToOffset(TimeSpan.FromHours(5)), @event: "BootNotification");
        Assert.That(later.Total, Is.Zero, "nothing was logged an hour from now");
    }

    /// <summary>The location shape of a command target reaches the location's chargers; a subset entry outside it is in failed.</summary>
    private async Task AssertLocationTargetAsync(Guid locationId, string chargerId)
    {
        var unlock = new ConnectorEvent { Evse_id = 1, Connector_id = 1 };
        var all = await _client.Commands_unlock_connectorAsync(new ConnectorCommandRequest { Target = ChargerTarget.Location(locationId), Event = unlock });
        Assert.That(all.Targeted_count, Is.EqualTo(1));
        Assert.That(all.Queued_count, Is.EqualTo(1));

        var subset = await _client.Commands_unlock_connectorAsync(new ConnectorCommandRequest { Target = ChargerTarget.Location(locationId, [chargerId, "NOT-IN-THIS-LOCATION"]), Event = unlock });
        Assert.That(subset.Queued_count, Is.EqualTo(1));
        Assert.That(subset.Failed_count, Is.EqualTo(1));

        var neither = Assert.ThrowsAsync<OcppLabApiException<ValidationProblemDetails>>(() => _client.Commands_unlock_connectorAsync(new ConnectorCommandRequest { Target = new ChargerTarget(), Event = unlock }));
        Assert.That(neither!.StatusCode, Is.EqualTo(422));
        Assert.That(neither.Result.Errors.Keys, Has.Some.StartsWith("target"));
    }

    private async Task AssertSessionAsync(string chargerId)
    {
        var target = new ChargerTarget { Charger_id = chargerId };
        var started = await _client.Commands_start_sessionAsync(new StartSessionCommandRequest
        {
            Target = target,
            Event = new StartSessionEvent { Evse_id = 1, Connector_id = 1, Id_tag = "TAG-NSWAG-1" },
        });
        Assert.That(started.Queued_count, Is.EqualTo(1));
        Assert.That(started.Results.Single().Command.Event_type, Is.EqualTo("start_session"));

        await Eventually.UntilAsync(
            () => _client.Chargers_getAsync(chargerId),
            c => c.Runtime.Connectors.Any(k => k.Connector_id == 1 && k.Transaction_id is not null),
            because: "a transaction runs on connector 1");

        var stopped = await _client.Commands_stop_sessionAsync(new ConnectorCommandRequest { Target = target, Event = new ConnectorEvent { Evse_id = 1, Connector_id = 1 } });
        Assert.That(stopped.Queued_count, Is.EqualTo(1));
        await Eventually.UntilAsync(
            () => _client.Chargers_getAsync(chargerId),
            c => c.Runtime.Connectors.All(k => k.Transaction_id is null),
            because: "the transaction has ended");
        var transactions = await _client.Chargers_list_logsAsync(chargerId, @event: "TransactionEvent");
        Assert.That(transactions.Data.Where(e => e.Message_type == LogMessageTypeName.Call).Select(e => e.Message), Has.Some.Contains("\"Started\"").And.Some.Contains("\"Ended\""));
    }

    private async Task AssertProxyMessageAsync(string chargerId)
    {
        var proxied = await _client.Commands_proxy_messageAsync(new ProxyMessageCommandRequest
        {
            Target = new ChargerTarget { Charger_id = chargerId },
            Event = new ProxyMessageEvent { Action = "Heartbeat", Payload = new JsonObject() },
        });
        Assert.That(proxied.Response.Message_type, Is.EqualTo("call_result"));
        Assert.That(proxied.Response.Payload, Does.ContainKey("currentTime"));
    }

    [Test]
    public async Task Bulk_create_is_a_job_polled_to_its_end_and_a_taken_identity_is_reported_in_it()
    {
        var location = await _client.Locations_createAsync(new CreateLocationRequest { Name = "NSwag Bulk", Country = "DE", Timezone = "Europe/Berlin" });
        await _client.Chargers_createAsync(Terra184("NSWAG-BULK-TAKEN", OcppVersionName.OCPP1_6));

        var accepted = await _client.Location_chargers_bulk_createAsync(location.Id,
        [
            new BulkCreateChargersItem
            {
                Template = new ChargerTemplateRequest
                {
                    Brand_slug = "abb",
                    Model_slug = "terra-184",
                    Connector_type = "CCS2",
                    Ws_url = _gateway.SandboxUrl,
                    Ocpp_version = OcppVersionName.OCPP1_6,
                    Identity_prefix = "NSWAG-BULK-",
                },
                Charger_ids = ["TAKEN", "ONE", "TWO"],
            },
        ]);
        Assert.That(accepted.Status, Is.EqualTo(ProvisioningStatusName.PROVISIONING));

        var job = await Eventually.UntilAsync(
            () => _client.Location_chargers_get_jobAsync(location.Id, accepted.Job_id),
            j => j.Status is ProvisioningStatusName.READY or ProvisioningStatusName.FAILED,
            because: "the bulk job ends");
        Assert.That(job.Status, Is.EqualTo(ProvisioningStatusName.READY), job.Error?.Message);
        Assert.That(job.Provisioned_at, Is.Not.Null);
        Assert.That(job.Results.Created.Select(c => c.Identity), Is.EquivalentTo(new[] { "NSWAG-BULK-ONE", "NSWAG-BULK-TWO" }));
        Assert.That(job.Results.Failed.Select(f => f.Identity), Is.EqualTo(new[] { "NSWAG-BULK-TAKEN" }));

        var subset = await _client.Location_chargers_listAsync(location.Id, charger_ids: ["NSWAG-BULK-ONE"]);
        Assert.That(subset.Data.Select(c => c.Identity), Is.EqualTo(new[] { "NSWAG-BULK-ONE" }));

        var deleted = await _client.Location_chargers_deleteAsync(location.Id, charger_ids: [.. job.Results.Created.Select(c => c.Charger_id), "dep-000000000000"]);
        Assert.That(deleted.Deleted, Has.Count.EqualTo(2));
        Assert.That(deleted.Not_found, Is.EqualTo(new[] { "dep-000000000000" }));
    }

    [Test]
    public async Task An_admin_names_the_tenant_with_X_Organization_Id_and_is_refused_without_it()
    {
        var created = await _client.Chargers_createAsync(Terra184("NSWAG-ADMIN-1", OcppVersionName.OCPP1_6));

        var seen = await _gateway.AdminClient(Tenant).Chargers_getAsync(created.Charger_id);
        Assert.That(seen.Identity, Is.EqualTo("NSWAG-ADMIN-1"));

        var otherTenant = Assert.ThrowsAsync<OcppLabApiException<ProblemDetails>>(() => _gateway.AdminClient("someone-else").Chargers_getAsync(created.Charger_id));
        Assert.That(otherTenant!.StatusCode, Is.EqualTo(404), "another tenant's charger does not exist for it");

        var admin = _gateway.AdminClient(null);
        var named = await admin.Chargers_getAsync(created.Charger_id, x_Organization_Id: Tenant);
        Assert.That(named.Id, Is.EqualTo(created.Charger_id), "the header as the operation's own parameter");

        var noTenant = Assert.ThrowsAsync<OcppLabApiException<ProblemDetails>>(() => admin.Chargers_getAsync(created.Charger_id));
        Assert.That(noTenant!.StatusCode, Is.EqualTo(403));
        Assert.That(noTenant.Result.Status, Is.EqualTo(403));

        var userWithHeader = Assert.ThrowsAsync<OcppLabApiException<ProblemDetails>>(() => _client.Chargers_getAsync(created.Charger_id, x_Organization_Id: Tenant));
        Assert.That(userWithHeader!.StatusCode, Is.EqualTo(403), "a user token must not name a tenant");
    }

    [Test]
    public async Task A_taken_identity_is_a_typed_409()
    {
        var request = Terra184("NSWAG-TWICE", OcppVersionName.OCPP1_6);
        await _client.Chargers_createAsync(request);

        var conflict = Assert.ThrowsAsync<OcppLabApiException<ProblemDetails>>(() => _client.Chargers_createAsync(request));
        Assert.That(conflict!.StatusCode, Is.EqualTo(409));
        Assert.That(conflict.Result.Status, Is.EqualTo(409));
        Assert.That(conflict.Result.Detail, Does.Contain("NSWAG-TWICE"));
    }

    [Test]
    public void Invalid_fields_are_a_typed_422_naming_each_field()
    {
        var invalid = Assert.ThrowsAsync<OcppLabApiException<ValidationProblemDetails>>(() => _client.Chargers_createAsync(Terra184("bad:identity", OcppVersionName.OCPP1_6, wsUrl: "http://not-a-websocket")));
        Assert.That(invalid!.StatusCode, Is.EqualTo(422));
        Assert.That(invalid.Result.Status, Is.EqualTo(422));
        Assert.That(invalid.Result.Errors, Does.ContainKey("identity").And.ContainKey("ws_url"));
    }

    [Test]
    public void An_unknown_charger_is_a_typed_404()
    {
        var missing = Assert.ThrowsAsync<OcppLabApiException<ProblemDetails>>(() => _client.Chargers_get_statusAsync("dep-000000000000"));
        Assert.That(missing!.StatusCode, Is.EqualTo(404));
        Assert.That(missing.Result.Status, Is.EqualTo(404));
        Assert.That(missing.Result.Trace_id, Is.Not.Empty);
    }

    /// <summary>A create request for an ABB Terra 184 (CCS2) that connects to the gateway's own sandbox CSMS unless told otherwise.</summary>
    private CreateChargerRequest Terra184(string identity, OcppVersionName version, Guid? locationId = null, string? wsUrl = null) => new()
    {
        Identity = identity,
        Brand_slug = "abb",
        Model_slug = "terra-184",
        Connector_type = "CCS2",
        Ws_url = wsUrl ?? _gateway.SandboxUrl,
        Ocpp_version = version,
        Location_id = locationId,
    };
}
