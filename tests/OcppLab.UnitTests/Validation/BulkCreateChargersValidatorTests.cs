using FluentValidation.TestHelper;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Infrastructure.Network;

namespace OcppLab.UnitTests.Validation;

public sealed class BulkCreateChargersValidatorTests
{
    private static readonly BulkCreateChargersValidator Validator = new(OutboundPolicy.Default);

    private static readonly ChargerTemplate Template = new()
    {
        BrandSlug = "abb", ModelSlug = "terra-184", ConnectorType = "CCS2", WsUrl = "ws://csms/ocpp", IdentityPrefix = "P-",
    };

    private static BulkCreateChargersCommand Command(params BulkChargerSpec[] items) => new(Guid.NewGuid(), items);

    private static BulkChargerSpec Spec(ChargerTemplate? template = null, IReadOnlyList<string>? ids = null, int? number = 1) =>
        new() { Template = template ?? Template, ChargerIds = ids, ChargersNumber = number };

    private static IEnumerable<string> Fields(BulkCreateChargersCommand command) =>
        Validator.TestValidate(command).Errors.Select(e => e.PropertyName).Distinct();

    [Test]
    public void A_valid_body_has_no_errors()
    {
        Validator.TestValidate(Command(Spec(ids: ["1", "2"], number: 5), Spec(Template with { IdentityPrefix = "Q-" }, number: 995)))
            .ShouldNotHaveAnyValidationErrors();
    }

    [Test]
    public void The_body_must_list_an_entry()
    {
        Assert.That(Fields(Command()), Is.EqualTo(new[] { "body" }));
    }

    [Test]
    public void At_most_1000_chargers_per_call_in_all()
    {
        Assert.That(Fields(Command(Spec(number: 500), Spec(number: 501))), Is.EqualTo(new[] { "body" }));
        Assert.That(Fields(Command(Spec(number: 1001))), Is.EquivalentTo(new[] { "body", "[0].ChargersNumber" }));
        Assert.That(Fields(Command(Spec(ids: [.. Enumerable.Range(0, 1001).Select(i => i.ToString())], number: null))), Is.EqualTo(new[] { "body" }));
    }

    [Test]
    public void Entry_errors_are_keyed_by_their_index()
    {
        var fields = Fields(Command(Spec(), Spec(Template with { WsUrl = "http://x", BrandSlug = null })));

        Assert.That(fields, Is.EquivalentTo(new[] { "[1].Template.WsUrl", "[1].Template.BrandSlug" }));
    }

    [Test]
    public void An_entry_needs_a_template()
    {
        Assert.That(Fields(Command(new BulkChargerSpec { ChargersNumber = 1 })), Is.EqualTo(new[] { "[0].Template" }));
    }

    [Test]
    public void An_entry_needs_chargers_number_or_charger_ids()
    {
        Assert.That(Fields(Command(Spec(number: null))), Is.EqualTo(new[] { "[0].chargers_number" }));
        Assert.That(Fields(Command(Spec(number: 0))), Is.EquivalentTo(new[] { "[0].ChargersNumber", "[0].chargers_number" }));
        Assert.That(Fields(Command(Spec(ids: ["a"], number: null))), Is.Empty);
    }

    [Test]
    public void Chargers_number_must_cover_the_charger_ids()
    {
        Assert.That(Fields(Command(Spec(ids: ["a", "b", "c"], number: 2))), Is.EqualTo(new[] { "[0].ChargersNumber" }));
        Assert.That(Fields(Command(Spec(ids: ["a", "b", "c"], number: 3))), Is.Empty);
    }

    [Test]
    public void Charger_ids_must_not_repeat_nor_be_empty()
    {
        Assert.That(Fields(Command(Spec(ids: ["a", "a"], number: null))), Is.EqualTo(new[] { "[0].ChargerIds" }));
        Assert.That(Fields(Command(Spec(ids: ["a", ""], number: null))), Is.EqualTo(new[] { "[0].ChargerIds[1]" }));
    }

    [TestCase(nameof(ChargerTemplate.BrandSlug))]
    [TestCase(nameof(ChargerTemplate.ModelSlug))]
    [TestCase(nameof(ChargerTemplate.ConnectorType))]
    [TestCase(nameof(ChargerTemplate.WsUrl))]
    public void Template_fields_are_required(string field)
    {
        var template = field switch
        {
            nameof(ChargerTemplate.BrandSlug) => Template with { BrandSlug = null },
            nameof(ChargerTemplate.ModelSlug) => Template with { ModelSlug = "" },
            nameof(ChargerTemplate.ConnectorType) => Template with { ConnectorType = null },
            _ => Template with { WsUrl = null },
        };

        Assert.That(Fields(Command(Spec(template))), Is.EqualTo(new[] { $"[0].Template.{field}" }));
    }

    [Test]
    public void Template_values_follow_the_charger_rules()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Fields(Command(Spec(Template with { WsUrl = "tcp://x" }))), Is.EqualTo(new[] { "[0].Template.WsUrl" }));
            Assert.That(Fields(Command(Spec(Template with { WsUrl = "ws://x/\t" }))), Is.EqualTo(new[] { "[0].Template.WsUrl" }));
            Assert.That(Fields(Command(Spec(Template with { WsUrl = "ws://u:p@x/" }))), Is.EqualTo(new[] { "[0].Template.WsUrl" }));
            Assert.That(Fields(Command(Spec(Template with { WsUrl = "ws://[fe80::1]/" }))), Is.EqualTo(new[] { "[0].Template.WsUrl" }));
            Assert.That(Fields(Command(Spec(Template with { OcppVersion = "OCPP9" }))), Is.EqualTo(new[] { "[0].Template.OcppVersion" }));
            Assert.That(Fields(Command(Spec(Template with { SecurityProfile = 3 }))), Is.EqualTo(new[] { "[0].Template.SecurityProfile" }));
            Assert.That(Fields(Command(Spec(Template with { AuthorizationKey = "short" }))), Is.EqualTo(new[] { "[0].Template.AuthorizationKey" }));
            Assert.That(Fields(Command(Spec(Template with { IdentityPrefix = "a:b" }))), Is.EqualTo(new[] { "[0].Template.IdentityPrefix" }));
            Assert.That(Fields(Command(Spec(Template with { IdentityPrefix = new string('p', 48) }))), Is.EqualTo(new[] { "[0].Template.IdentityPrefix" }));
            Assert.That(Fields(Command(Spec(Template with { IdentityPrefix = new string('p', 47) }))), Is.Empty);
            Assert.That(Fields(Command(Spec(Template with { TemplateName = new string('t', 91) }))), Is.EqualTo(new[] { "[0].Template.TemplateName" }));
        });
    }
}
