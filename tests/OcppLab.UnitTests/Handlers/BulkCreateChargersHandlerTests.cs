using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Locations;
using OcppLab.Domain.Provisioning;

namespace OcppLab.UnitTests.Handlers;

public sealed class BulkCreateChargersHandlerTests
{
    private const string Org = "org-1";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 9, 9, 30, 0, TimeSpan.Zero));
    private readonly Location _location = Location.Create(Org, "Hub", "hub", DateTimeOffset.UnixEpoch);
    private Mock<ILocationRepository> _locations = null!;
    private Mock<ILocationJobRepository> _jobs = null!;
    private Mock<IWorkflowRepository> _workflows = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private Mock<IWorkflowSignal> _signal = null!;
    private List<string> _calls = null!;
    private LocationJob? _job;
    private WorkflowRun? _run;

    private static readonly ChargerTemplate Template = new()
    {
        BrandSlug = "abb", ModelSlug = "terra-184", ConnectorType = "ccs2", WsUrl = "ws://csms/ocpp", IdentityPrefix = "P-", TemplateName = "Bay",
    };

    [SetUp]
    public void SetUp()
    {
        _calls = [];
        _job = null;
        _run = null;
        _locations = new Mock<ILocationRepository>();
        _locations.Setup(l => l.GetAsync(Org, _location.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_location);
        _jobs = new Mock<ILocationJobRepository>();
        _jobs.Setup(j => j.Add(It.IsAny<LocationJob>())).Callback<LocationJob>(j =>
        {
            _calls.Add("add job");
            _job = j;
        });
        _workflows = new Mock<IWorkflowRepository>();
        _workflows.Setup(w => w.Add(It.IsAny<WorkflowRun>())).Callback<WorkflowRun>(r =>
        {
            _calls.Add("add run");
            _run = r;
        });
        _unitOfWork = new Mock<IUnitOfWork>();
        _unitOfWork.Setup(u => u.SaveChangesAsync(It.IsAny<CancellationToken>())).Callback(() => _calls.Add("save")).Returns(Task.CompletedTask);
        _signal = new Mock<IWorkflowSignal>();
        _signal.Setup(s => s.RunAvailable()).Callback(() => _calls.Add("signal"));
    }

    private Task<LocationJobAccepted> Handle(params BulkChargerSpec[] items)
    {
        var tenant = new Mock<ITenantContext>();
        tenant.SetupGet(t => t.OrganizationId).Returns(Org);
        var handler = new BulkCreateChargersHandler(
            tenant.Object, _locations.Object, Catalog.Mock().Object, _jobs.Object, _workflows.Object, _unitOfWork.Object, _signal.Object, _time);
        return handler.Handle(new BulkCreateChargersCommand(_location.Id, items), CancellationToken.None).AsTask();
    }

    private BulkCreatePlan Plan() => JsonSerializer.Deserialize<BulkCreatePlan>(_job!.RequestJson)!;

    [Test]
    public async Task Identities_are_the_prefix_plus_the_given_suffixes_then_random_hex_ones()
    {
        await Handle(new BulkChargerSpec { Template = Template, ChargerIds = ["001", "002"], ChargersNumber = 5 });

        var identities = Plan().Chargers.Select(c => c.Identity).ToList();
        Assert.That(identities, Has.Count.EqualTo(5));
        Assert.That(identities.Take(2), Is.EqualTo(new[] { "P-001", "P-002" }));
        Assert.That(identities.Skip(2), Has.All.Match("^P-[0-9A-F]{6}$"));
        Assert.That(identities, Is.Unique);
    }

    [Test]
    public async Task Only_charger_ids_means_one_charger_per_suffix_and_no_prefix_means_the_suffix_alone()
    {
        await Handle(new BulkChargerSpec { Template = Template with { IdentityPrefix = null, TemplateName = null }, ChargerIds = ["A", "B"] });

        var chargers = Plan().Chargers;
        Assert.That(chargers.Select(c => c.Identity), Is.EqualTo(new[] { "A", "B" }));
        Assert.That(chargers.Select(c => c.Name), Is.EqualTo(new[] { "A", "B" }), "without a template name the identity is the name");
    }

    [Test]
    public async Task The_plan_fixes_ids_names_and_normalised_settings_so_a_rerun_creates_the_same_chargers()
    {
        await Handle(
            new BulkChargerSpec { Template = Template with { OcppVersion = "ocpp2.0.1" }, ChargerIds = ["1"] },
            new BulkChargerSpec { Template = Template with { IdentityPrefix = "Q-", SecurityProfile = 1, AuthorizationKey = "0123456789abcdef" }, ChargersNumber = 2 });

        var chargers = Plan().Chargers;
        Assert.Multiple(() =>
        {
            Assert.That(chargers, Has.Count.EqualTo(3));
            Assert.That(chargers.Select(c => c.ChargerId), Has.All.Match("^dep-[0-9a-f]{12}$"));
            Assert.That(chargers.Select(c => c.ChargerId), Is.Unique);
            Assert.That(chargers.Select(c => c.WorkflowRunId), Has.All.StartWith("wfr_"));
            Assert.That(chargers.Select(c => c.WorkflowRunId), Is.Unique);
            Assert.That(chargers[0].Name, Is.EqualTo("Bay 1"));
            Assert.That(chargers[0].OcppVersion, Is.EqualTo("OCPP2.0.1"));
            Assert.That(chargers[1].OcppVersion, Is.EqualTo("OCPP1.6"));
            Assert.That(chargers.Select(c => c.ConnectorType), Has.All.EqualTo("CCS2"), "the catalog's spelling");
            Assert.That(chargers[1].SecurityProfile, Is.EqualTo(1));
            Assert.That(chargers[1].AuthorizationKey, Is.EqualTo("0123456789abcdef"));
            Assert.That(chargers[0].SecurityProfile, Is.Zero);
        });
    }

    [Test]
    public async Task The_job_and_its_run_are_written_together_then_the_runner_is_signalled()
    {
        var accepted = await Handle(new BulkChargerSpec { Template = Template, ChargersNumber = 1 });

        Assert.That(_calls, Is.EqualTo(new[] { "add job", "add run", "save", "signal" }));
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(new LocationJobAccepted(
                _job!.Id, ProvisioningStatusName.Provisioning, $"/ocpp/locations/{_location.Id}/chargers/jobs/{_job.Id}", _run!.Id)));
            Assert.That(_job.OrganizationId, Is.EqualTo(Org));
            Assert.That(_job.LocationId, Is.EqualTo(_location.Id));
            Assert.That(_job.WorkflowRunId, Is.EqualTo(_run.Id));
            Assert.That(_job.JobType, Is.EqualTo("bulk_create_chargers"));
            Assert.That(_run.Kind, Is.EqualTo(WorkflowKind.LocationBulkCreate));
            Assert.That(_run.SubjectId, Is.EqualTo(_job.Id.ToString()));
            Assert.That(_run.Steps.Select(s => s.Name), Is.EqualTo(WorkflowSteps.LocationBulkCreate));
        });
    }

    [Test]
    public void The_same_identity_twice_in_a_request_is_a_422_on_the_later_entry()
    {
        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Handle(
            new BulkChargerSpec { Template = Template, ChargerIds = ["1"] },
            new BulkChargerSpec { Template = Template, ChargerIds = ["2", "1"] }));

        Assert.That(exception!.Errors.Keys, Is.EqualTo(new[] { "[1].charger_ids" }));
        Assert.That(exception.Errors["[1].charger_ids"].Single(), Does.Contain("P-1"));
        Assert.That(_calls, Is.Empty);
    }

    [Test]
    public void A_prefix_and_suffix_that_make_an_invalid_identity_are_a_422()
    {
        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Handle(
            new BulkChargerSpec { Template = Template with { IdentityPrefix = new string('p', 45) }, ChargerIds = ["1234"] }));

        Assert.That(exception!.Errors.Keys, Is.EqualTo(new[] { "[0].charger_ids" }));
        Assert.That(_calls, Is.Empty);
    }

    [TestCase("acme", "terra-184", "CCS2", "[0].template.brand_slug")]
    [TestCase("abb", "wallbox-pulsar-plus", "CCS2", "[0].template.model_slug")]
    [TestCase("abb", "terra-184", "Type1", "[0].template.connector_type")]
    public void A_catalog_mismatch_is_a_422_naming_the_entry_and_field(string brand, string model, string connector, string field)
    {
        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Handle(
            new BulkChargerSpec { Template = Template with { BrandSlug = brand, ModelSlug = model, ConnectorType = connector }, ChargersNumber = 1 }));

        Assert.That(exception!.Errors.Keys, Is.EqualTo(new[] { field }));
        Assert.That(_calls, Is.Empty);
    }

    [Test]
    public void Connection_rules_are_checked_per_entry()
    {
        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Handle(
            new BulkChargerSpec { Template = Template, ChargersNumber = 1 },
            new BulkChargerSpec { Template = Template with { IdentityPrefix = "S-", SecurityProfile = 2 }, ChargersNumber = 1 }));

        Assert.That(exception!.Errors.Keys, Is.EquivalentTo(new[] { "[1].template.authorization_key", "[1].template.ws_url" }));
    }

    [Test]
    public void An_unknown_or_foreign_location_is_a_404()
    {
        _locations.Setup(l => l.GetAsync(Org, _location.Id, It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);

        Assert.ThrowsAsync<NotFoundException>(() => Handle(new BulkChargerSpec { Template = Template, ChargersNumber = 1 }));
        Assert.That(_calls, Is.Empty);
    }

    [Test]
    public async Task A_thousand_random_suffixes_never_collide()
    {
        await Handle(new BulkChargerSpec { Template = Template, ChargersNumber = 1000 });

        var identities = Plan().Chargers.Select(c => c.Identity).ToList();
        Assert.That(identities, Has.Count.EqualTo(1000));
        Assert.That(identities, Is.Unique);
    }
}
