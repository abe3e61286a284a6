using OcppLab.Sdk.Models;
using OcppLab.Tests.Shared;

namespace OcppLab.SdkTests;

/// <summary>
/// The README quickstart, driven only through the C# client Kiota generated from the committed
/// OpenAPI document: if the document stops describing the API truthfully, this fails.
/// </summary>
public sealed class QuickstartThroughSdkTests
{
    [Test]
    public async Task The_quickstart_works_through_the_generated_client()
    {
        await using var gateway = new SdkGateway();
        var client = gateway.ClientFor("sdk-org");

        var location = await client.Ocpp.Locations.PostAsync(new CreateLocationRequest { Name = "SDK Hub", Country = "FR", Timezone = "Europe/Paris" });
        Assert.That(location?.Id, Is.Not.Null);

        var created = await client.Ocpp.Chargers.PostAsync(new CreateChargerRequest
        {
            Identity = "SDK-CP-1",
            BrandSlug = "abb",
            ModelSlug = "terra-184",
            ConnectorType = "CCS2",
            WsUrl = gateway.SandboxUrl,
            OcppVersion = OcppVersionName.OCPP201,
            LocationId = location!.Id,
        });
        Assert.That(created?.Status, Is.EqualTo(ProvisioningStatusName.PROVISIONING));
        var charger = client.Ocpp.Chargers[created!.ChargerId!];

        var status = await Eventually.UntilAsync(() => charger.Status.GetAsync(), s => s?.Status is ProvisioningStatusName.READY or ProvisioningStatusName.FAILED, because: "provisioning ends");
        Assert.That(status?.Status, Is.EqualTo(ProvisioningStatusName.READY));
        await Eventually.UntilAsync(() => charger.GetAsync(), c => c?.Runtime?.State == RuntimeStateName.Connected && c.Runtime.BootStatus == BootStatusName.Accepted, because: "connected and booted");

        var stopped = await charger.StopCharger.PostAsync();
        Assert.That(stopped?.EventType, Is.EqualTo(RuntimeEventType.Stop_charger));
        Assert.That(stopped?.Payload?.DesiredCount, Is.Zero);
        await Eventually.UntilAsync(() => charger.GetAsync(), c => c?.Runtime?.State == RuntimeStateName.Stopped, because: "stopped");

        var started = await charger.StartCharger.PostAsync();
        Assert.That(started?.Payload?.DesiredCount, Is.EqualTo(1));
        await Eventually.UntilAsync(() => charger.GetAsync(), c => c?.Runtime?.State == RuntimeStateName.Connected, because: "connected again");

        var from = DateTimeOffset.UtcNow.AddMinutes(-5);
        var boots = await Eventually.UntilAsync(
            () => charger.Logs.GetAsync(q =>
            {
                q.QueryParameters.Event = "BootNotification";
                q.QueryParameters.StartDate = from;
                q.QueryParameters.EndDate = DateTimeOffset.UtcNow.AddMinutes(5);
                q.QueryParameters.Limit = 100;
            }),
            page => page?.Total >= 4,
            because: "the boots are logged");
        Assert.That(boots!.Data!.Select(e => e.Action), Has.All.EqualTo("BootNotification"), "two boots (create, start), each a CALL and its result");
        Assert.That(boots.Data!.Select(e => e.MessageType), Does.Contain(LogMessageTypeName.Call).And.Contain(LogMessageTypeName.Call_result));

        var proxied = await client.Ocpp.Commands.ProxyMessage.PostAsync(new ProxyMessageCommandRequest
        {
            Target = new ChargerTarget { ChargerId = created.ChargerId },
            Event = new ProxyMessageEvent { Action = "Heartbeat", Payload = new JsonObject() },
        });
        Assert.That(proxied?.Response?.MessageType, Is.EqualTo("call_result"));
        Assert.That(proxied?.Response?.Payload?.AdditionalData, Does.ContainKey("currentTime"));

        var invalid = Assert.ThrowsAsync<ValidationProblemDetails>(() => client.Ocpp.Chargers.PostAsync(new CreateChargerRequest
        {
            Identity = "bad:identity",
            BrandSlug = "abb",
            ModelSlug = "terra-184",
            ConnectorType = "CCS2",
            WsUrl = "http://not-a-websocket",
        }));
        Assert.That(invalid!.ResponseStatusCode, Is.EqualTo(422));
        Assert.That(invalid.Errors?.AdditionalData, Does.ContainKey("identity").And.ContainKey("ws_url"));

        var missing = Assert.ThrowsAsync<ProblemDetails>(() => client.Ocpp.Chargers["dep-000000000000"].GetAsync());
        Assert.That(missing!.ResponseStatusCode, Is.EqualTo(404));
        Assert.That(missing.Status, Is.EqualTo(404));
        Assert.That(missing.TraceId, Is.Not.Empty);
    }
}
