using Microsoft.Extensions.Time.Testing;
using Moq;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Commands.CreateCharger;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Locations;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Domain.Locations;
using OcppLab.Domain.Provisioning;

namespace OcppLab.UnitTests.Handlers;

public sealed class CreateChargerHandlerTests
{
    private const string Org = "org-1";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 9, 9, 30, 0, 123, TimeSpan.Zero).AddTicks(4567));
    private Mock<ITenantContext> _tenant = null!;
    private Mock<ICatalogRepository> _catalog = null!;
    private Mock<IChargerRepository> _chargers = null!;
    private Mock<IWorkflowRepository> _workflows = null!;
    private Mock<ILocationRepository> _locations = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private Mock<IWorkflowSignal> _signal = null!;
    private List<string> _calls = null!;
    private List<Charger> _added = null!;
    private List<WorkflowRun> _runs = null!;
    private List<Location> _newLocations = null!;

    private static readonly CreateChargerCommand Command = new()
    {
        Identity = "CP-1", BrandSlug = "abb", ModelSlug = "terra-184", ConnectorType = "ccs2", WsUrl = "ws://csms.example.test/ocpp",
    };

    [SetUp]
    public void SetUp()
    {
        _calls = [];
        _added = [];
        _runs = [];
        _newLocations = [];
        _tenant = new Mock<ITenantContext>();
        _tenant.SetupGet(t => t.OrganizationId).Returns(Org);
        _catalog = Catalog.Mock();
        _chargers = new Mock<IChargerRepository>(MockBehavior.Strict);
        _chargers.Setup(c => c.IdentityExistsAsync(Org, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _chargers.Setup(c => c.Add(It.IsAny<Charger>())).Callback<Charger>(c =>
        {
            _calls.Add("add charger");
            _added.Add(c);
        });
        _workflows = new Mock<IWorkflowRepository>(MockBehavior.Strict);
        _workflows.Setup(w => w.Add(It.IsAny<WorkflowRun>())).Callback<WorkflowRun>(r =>
        {
            _calls.Add("add run");
            _runs.Add(r);
        });
        _locations = new Mock<ILocationRepository>(MockBehavior.Strict);
        _locations.Setup(l => l.FindBySlugAsync(Org, "default", It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);
        _locations.Setup(l => l.FindByNameAsync(Org, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);
        _locations.Setup(l => l.SlugsLikeAsync(Org, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _locations.Setup(l => l.Add(It.IsAny<Location>())).Callback<Location>(l =>
        {
            _calls.Add("add location");
            _newLocations.Add(l);
        });
        _unitOfWork = new Mock<IUnitOfWork>(MockBehavior.Strict);
        _unitOfWork.Setup(u => u.SaveChangesAsync(It.IsAny<CancellationToken>())).Callback(() => _calls.Add("save")).Returns(Task.CompletedTask);
        _signal = new Mock<IWorkflowSignal>(MockBehavior.Strict);
        _signal.Setup(s => s.RunAvailable()).Callback(() => _calls.Add("signal"));
    }

    private CreateChargerHandler Handler() => new(
        _tenant.Object, _catalog.Object, _chargers.Object, _workflows.Object, new LocationResolver(_locations.Object, _unitOfWork.Object, _time, Microsoft.Extensions.Logging.Abstractions.NullLogger<LocationResolver>.Instance),
        _unitOfWork.Object, _signal.Object, _time);

    private RequestValidationException Rejected(CreateChargerCommand command)
    {
        var exception = Assert.ThrowsAsync<RequestValidationException>(async () => await Handler().Handle(command, CancellationToken.None));
        Assert.That(_calls, Does.Not.Contain("save").And.Not.Contain("signal"), "nothing is written or signalled");
        return exception!;
    }

    [Test]
    public async Task Writes_the_charger_and_its_run_in_one_save_then_signals_the_runner()
    {
        var result = await Handler().Handle(Command, CancellationToken.None);

        Assert.That(_calls, Is.EqualTo(new[] { "add location", "save", "add charger", "add run", "save", "signal" }),
            "a new location is committed on its own, then the charger and its run together");
        var charger = _added.Single();
        var run = _runs.Single();
        var location = _newLocations.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new CreateChargerResult(
                charger.Id, "CP-1", ProvisioningStatusName.Provisioning, $"/ocpp/chargers/{charger.Id}/status", run.Id)));
            Assert.That(charger.Id, Does.StartWith("dep-"));
            Assert.That(charger.OrganizationId, Is.EqualTo(Org));
            Assert.That(charger.Identity, Is.EqualTo("CP-1"));
            Assert.That(charger.Name, Is.EqualTo("CP-1"), "the name defaults to the identity");
            Assert.That(charger.ConnectorType, Is.EqualTo("CCS2"), "the catalog's spelling");
            Assert.That(charger.VendorName, Is.EqualTo("ABB"));
            Assert.That(charger.ModelName, Is.EqualTo("Terra 184"));
            Assert.That(charger.NumberOfConnectors, Is.EqualTo(2));
            Assert.That(charger.MaxChargingPowerW, Is.EqualTo(180_000));
            Assert.That(charger.OcppVersion, Is.EqualTo(OcppVersion.V16));
            Assert.That(charger.SecurityProfile, Is.Zero);
            Assert.That(charger.ProvisioningStatus, Is.EqualTo(ProvisioningStatus.Provisioning));
            Assert.That(charger.DesiredState, Is.EqualTo(DesiredState.Running));
            Assert.That(charger.CreatedAt, Is.EqualTo(Clock.TruncateToMilliseconds(_time.GetUtcNow())));
            Assert.That(charger.WorkflowRunId, Is.EqualTo(run.Id));
            Assert.That(charger.LocationId, Is.EqualTo(location.Id));
            Assert.That(location.Name, Is.EqualTo("Default"));
            Assert.That(location.Slug, Is.EqualTo("default"));
            Assert.That(run.Kind, Is.EqualTo(WorkflowKind.ChargerProvisioning));
            Assert.That(run.SubjectId, Is.EqualTo(charger.Id));
            Assert.That(run.OrganizationId, Is.EqualTo(Org));
            Assert.That(run.Steps.Select(s => s.Name), Is.EqualTo(WorkflowSteps.ChargerProvisioning));
            Assert.That(run.NextAttemptAt, Is.LessThanOrEqualTo(_time.GetUtcNow()));
        });
    }

    [Test]
    public async Task Keeps_the_given_name_version_security_and_key()
    {
        await Handler().Handle(Command with
        {
            ChargePointName = "  Fast Bay 01 ", OcppVersion = "ocpp2.0.1", SecurityProfile = 2, AuthorizationKey = "0123456789abcdef", WsUrl = "wss://csms/ocpp",
        }, CancellationToken.None);

        var charger = _added.Single();
        Assert.Multiple(() =>
        {
            Assert.That(charger.Name, Is.EqualTo("Fast Bay 01"));
            Assert.That(charger.OcppVersion, Is.EqualTo(OcppVersion.V201));
            Assert.That(charger.SecurityProfile, Is.EqualTo(2));
            Assert.That(charger.AuthorizationKey, Is.EqualTo("0123456789abcdef"));
            Assert.That(charger.WsUrl, Is.EqualTo("wss://csms/ocpp"));
        });
    }

    [Test]
    public void An_identity_the_tenant_already_has_is_a_409_and_nothing_is_written()
    {
        _chargers.Setup(c => c.IdentityExistsAsync(Org, "CP-1", It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var exception = Assert.ThrowsAsync<ConflictException>(async () => await Handler().Handle(Command, CancellationToken.None));

        Assert.That(exception!.Message, Does.Contain("CP-1"));
        Assert.That(_calls, Is.Empty);
    }

    [Test]
    public void A_duplicate_caught_by_the_unique_index_is_a_409_and_not_signalled()
    {
        _locations.Setup(l => l.FindBySlugAsync(Org, "default", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Location.Create(Org, "Default", "default", _time.GetUtcNow()));
        _unitOfWork.Setup(u => u.SaveChangesAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new UniqueConstraintException("dup"));

        Assert.ThrowsAsync<ConflictException>(async () => await Handler().Handle(Command, CancellationToken.None));

        _signal.Verify(s => s.RunAvailable(), Times.Never);
    }

    [TestCase("acme", "terra-184", "CCS2", "brand_slug")]
    [TestCase("abb", "terra-9000", "CCS2", "model_slug")]
    [TestCase("abb", "wallbox-pulsar-plus", "Type2", "model_slug")]
    [TestCase("abb", "terra-184", "Type2", "connector_type")]
    public void A_catalog_mismatch_is_a_422_naming_the_field(string brand, string model, string connector, string field)
    {
        var exception = Rejected(Command with { BrandSlug = brand, ModelSlug = model, ConnectorType = connector });

        Assert.That(exception.Errors.Keys, Is.EqualTo(new[] { field }));
        Assert.That(_added, Is.Empty);
    }

    [Test]
    public void Basic_auth_profiles_need_a_key_and_profile_2_needs_wss()
    {
        Assert.That((Rejected(Command with { SecurityProfile = 1 })).Errors.Keys, Is.EqualTo(new[] { "authorization_key" }));
        Assert.That((Rejected(Command with { SecurityProfile = 2, AuthorizationKey = "0123456789abcdef" })).Errors.Keys, Is.EqualTo(new[] { "ws_url" }));
        Assert.That((Rejected(Command with { SecurityProfile = 2 })).Errors.Keys, Is.EquivalentTo(new[] { "authorization_key", "ws_url" }));
    }

    [Test]
    public void A_location_id_must_be_one_of_the_tenants_locations()
    {
        var id = Guid.NewGuid();
        _locations.Setup(l => l.GetAsync(Org, id, It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);

        var exception = Rejected(Command with { LocationId = id });

        Assert.That(exception.Errors.Keys, Is.EqualTo(new[] { "location_id" }));
    }

    [Test]
    public async Task A_location_id_places_the_charger_there()
    {
        var location = Location.Create(Org, "Site", "site", _time.GetUtcNow());
        _locations.Setup(l => l.GetAsync(Org, location.Id, It.IsAny<CancellationToken>())).ReturnsAsync(location);

        await Handler().Handle(Command with { LocationId = location.Id, LocationName = "ignored" }, CancellationToken.None);

        Assert.That(_added.Single().LocationId, Is.EqualTo(location.Id));
        Assert.That(_newLocations, Is.Empty);
    }

    [Test]
    public async Task A_location_name_finds_the_tenants_location_of_that_name()
    {
        var location = Location.Create(Org, "Hub", "hub", _time.GetUtcNow());
        _locations.Setup(l => l.FindByNameAsync(Org, "Hub", It.IsAny<CancellationToken>())).ReturnsAsync(location);

        await Handler().Handle(Command with { LocationName = " Hub " }, CancellationToken.None);

        Assert.That(_added.Single().LocationId, Is.EqualTo(location.Id));
        Assert.That(_newLocations, Is.Empty);
    }

    [Test]
    public async Task A_new_location_name_creates_the_location_with_a_free_slug()
    {
        _locations.Setup(l => l.SlugsLikeAsync(Org, "la-defense", It.IsAny<CancellationToken>())).ReturnsAsync(["la-defense", "la-defense-2"]);

        await Handler().Handle(Command with { LocationName = "La Défense" }, CancellationToken.None);

        var location = _newLocations.Single();
        Assert.That((location.Name, location.Slug, location.OrganizationId), Is.EqualTo(("La Défense", "la-defense-3", Org)));
        Assert.That(_added.Single().LocationId, Is.EqualTo(location.Id));
    }

    [Test]
    public async Task Without_location_the_existing_default_location_is_used()
    {
        var fallback = Location.Create(Org, "Default", "default", _time.GetUtcNow());
        _locations.Setup(l => l.FindBySlugAsync(Org, "default", It.IsAny<CancellationToken>())).ReturnsAsync(fallback);

        await Handler().Handle(Command, CancellationToken.None);

        Assert.That(_added.Single().LocationId, Is.EqualTo(fallback.Id));
        Assert.That(_newLocations, Is.Empty);
    }
}
