using Microsoft.Extensions.Time.Testing;
using Moq;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Commands.UpdateCharger;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Domain.Locations;

namespace OcppLab.UnitTests.Handlers;

public sealed class UpdateChargerHandlerTests
{
    private const string Org = "org-1";
    private static readonly RuntimeState Connected = new(RuntimeStateName.Connected, BootStatusName.Accepted, DateTimeOffset.UnixEpoch, null, []);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 9, 9, 30, 0, TimeSpan.Zero));
    private Charger _charger = null!;
    private Mock<IChargerRepository> _chargers = null!;
    private Mock<ILocationRepository> _locations = null!;
    private Mock<IChargerRuntime> _runtime = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;

    [SetUp]
    public void SetUp()
    {
        _charger = Charger.Create(
            Org, "CP-1", "Bay 1", Guid.NewGuid(), Catalog.Terra184.Snapshot("ABB"), "CCS2", "ws://csms/ocpp", OcppVersion.V16,
            SecurityProfile.BasicAuth, "0123456789abcdef", "wfr_1", _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(1));
        _chargers = new Mock<IChargerRepository>(MockBehavior.Strict);
        _chargers.Setup(c => c.GetAsync(Org, _charger.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_charger);
        _chargers.Setup(c => c.GetAsync(Org, It.Is<string>(id => id != _charger.Id), It.IsAny<CancellationToken>())).ReturnsAsync((Charger?)null);
        _locations = new Mock<ILocationRepository>(MockBehavior.Strict);
        _runtime = new Mock<IChargerRuntime>();
        _runtime.Setup(r => r.RunsChargers).Returns(true);
        Stopped();
        _unitOfWork = new Mock<IUnitOfWork>();
    }

    private void Running() => WithState(Connected);

    private void Stopped() => WithState(null);

    private void WithState(RuntimeState? state)
    {
        _runtime.Setup(r => r.GetStateAsync(_charger.Id, It.IsAny<CancellationToken>())).ReturnsAsync(state);
        _runtime.Setup(r => r.GetStatesAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(state is null
                ? new Dictionary<string, RuntimeState>()
                : new Dictionary<string, RuntimeState> { [_charger.Id] = state });
    }

    private UpdateChargerHandler Handler()
    {
        var tenant = new Mock<ITenantContext>();
        tenant.SetupGet(t => t.OrganizationId).Returns(Org);
        return new UpdateChargerHandler(tenant.Object, _chargers.Object, Catalog.Mock().Object, _locations.Object, _runtime.Object, _unitOfWork.Object, _time);
    }

    private Task<OcppLab.Application.Chargers.ChargerResponse> Update(UpdateChargerCommand command) =>
        Handler().Handle(command with { ChargerId = _charger.Id }, CancellationToken.None).AsTask();

    public static IEnumerable<TestCaseData> ConnectionChanges()
    {
        yield return new TestCaseData(new UpdateChargerCommand { WsUrl = "ws://other/ocpp" }).SetArgDisplayNames("ws_url");
        yield return new TestCaseData(new UpdateChargerCommand { OcppVersion = "OCPP2.0.1" }).SetArgDisplayNames("ocpp_version");
        yield return new TestCaseData(new UpdateChargerCommand { SecurityProfile = 0 }).SetArgDisplayNames("security_profile");
        yield return new TestCaseData(new UpdateChargerCommand { AuthorizationKey = "another-key-0123456" }).SetArgDisplayNames("authorization_key");
    }

    [TestCaseSource(nameof(ConnectionChanges))]
    public async Task A_connection_change_of_a_running_charger_requires_a_restart(UpdateChargerCommand command)
    {
        Running();

        var response = await Update(command);

        Assert.That(_charger.RestartRequired, Is.True);
        Assert.That(response.Runtime.RestartRequired, Is.True);
        Assert.That(_charger.UpdatedAt, Is.EqualTo(_time.GetUtcNow()));
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCaseSource(nameof(ConnectionChanges))]
    public async Task A_connection_change_of_a_stopped_charger_needs_no_restart(UpdateChargerCommand command)
    {
        var response = await Update(command);

        Assert.That(_charger.RestartRequired, Is.False);
        Assert.That(response.Runtime.RestartRequired, Is.False);
    }

    [Test]
    public async Task Giving_the_current_connection_again_needs_no_restart()
    {
        Running();
        var updatedAt = _charger.UpdatedAt;

        var response = await Update(new UpdateChargerCommand { WsUrl = "ws://csms/ocpp", OcppVersion = "ocpp1.6", SecurityProfile = 1, AuthorizationKey = "0123456789abcdef" });

        Assert.That(response.Runtime.RestartRequired, Is.False);
        Assert.That(_charger.UpdatedAt, Is.EqualTo(updatedAt));
    }

    [Test]
    public async Task Renaming_moving_or_changing_the_connector_type_needs_no_restart()
    {
        Running();
        var target = Location.Create(Org, "B", "b", _time.GetUtcNow());
        _locations.Setup(l => l.GetAsync(Org, target.Id, It.IsAny<CancellationToken>())).ReturnsAsync(target);

        var response = await Update(new UpdateChargerCommand { ChargePointName = " New ", LocationId = target.Id, ConnectorType = "chademo" });

        Assert.Multiple(() =>
        {
            Assert.That(response.Runtime.RestartRequired, Is.False);
            Assert.That(response.Name, Is.EqualTo("New"));
            Assert.That(response.LocationId, Is.EqualTo(target.Id));
            Assert.That(response.ConnectorType, Is.EqualTo("CHAdeMO"));
            Assert.That(response.WsUrl, Is.EqualTo("ws://csms/ocpp"));
            Assert.That(response.SecurityProfile, Is.EqualTo(1));
            Assert.That(_charger.AuthorizationKey, Is.EqualTo("0123456789abcdef"));
        });
    }

    [Test]
    public async Task Restart_required_stays_set_until_the_runtime_applies_it()
    {
        Running();
        await Update(new UpdateChargerCommand { WsUrl = "ws://other/ocpp" });
        Stopped();

        var response = await Update(new UpdateChargerCommand { WsUrl = "ws://third/ocpp" });

        Assert.That(response.Runtime.RestartRequired, Is.True);
        _charger.ConnectionSettingsApplied(_time.GetUtcNow());
        Assert.That(_charger.RestartRequired, Is.False);
    }

    [Test]
    public void An_unknown_charger_is_a_404_and_nothing_is_saved()
    {
        Assert.ThrowsAsync<NotFoundException>(async () =>
            await Handler().Handle(new UpdateChargerCommand { ChargerId = "dep-unknown", WsUrl = "ws://x/ocpp" }, CancellationToken.None));

        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void A_connector_type_the_model_lacks_is_a_422()
    {
        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Update(new UpdateChargerCommand { ConnectorType = "Type2" }));

        Assert.That(exception!.Errors.Keys, Is.EqualTo(new[] { "connector_type" }));
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void A_location_outside_the_tenant_is_a_422()
    {
        var elsewhere = Guid.NewGuid();
        _locations.Setup(l => l.GetAsync(Org, elsewhere, It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);

        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Update(new UpdateChargerCommand { LocationId = elsewhere }));

        Assert.That(exception!.Errors.Keys, Is.EqualTo(new[] { "location_id" }));
    }

    [Test]
    public void The_resulting_settings_are_checked_together()
    {
        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Update(new UpdateChargerCommand { SecurityProfile = 2 }));

        Assert.That(exception!.Errors.Keys, Is.EqualTo(new[] { "ws_url" }), "the stored key satisfies profile 2, the ws:// URL does not");
        Assert.That(_charger.SecurityProfile, Is.EqualTo(1));
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Profile_2_with_a_wss_url_in_the_same_update_is_accepted()
    {
        var response = await Update(new UpdateChargerCommand { SecurityProfile = 2, WsUrl = "wss://csms/ocpp" });

        Assert.That((response.SecurityProfile, response.WsUrl), Is.EqualTo((2, "wss://csms/ocpp")));
    }
}
