using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>
/// Issue 11 item 5: the typed payload records say what the embedded schemas say. A misspelled or misplaced
/// property, a wrong JSON type, or an enumeration narrower than the schema (for what the charge point reads)
/// or wider (for what it writes) fails here, record by record.
/// </summary>
public sealed class PayloadRecordSchemaTests
{
    private static IEnumerable<TestCaseData> Records() =>
        PayloadRecords.All().Select(r => new TestCaseData(r).SetArgDisplayNames(r.ToString()));

    [Test]
    public void Both_versions_have_records_for_every_implemented_action()
    {
        var records = PayloadRecords.All().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(records.Where(r => r.Version == OcppVersion.V16 && r.ReadByChargePoint).Select(r => r.Action),
                Is.EquivalentTo(Infrastructure.Ocpp.V16.V16Protocol.ImplementedActions));
            Assert.That(records.Where(r => r.Version == OcppVersion.V201 && r.ReadByChargePoint).Select(r => r.Action),
                Is.EquivalentTo(Infrastructure.Ocpp.V201.V201Protocol.ImplementedActions));
            Assert.That(records.Where(r => r.ReadByChargePoint).Select(r => r.Kind), Is.All.EqualTo(OcppMessageKind.Request));
        });
    }

    [TestCaseSource(nameof(Records))]
    public void Every_property_name_type_and_enumeration_is_the_schemas(PayloadRecord record)
    {
        var problems = PayloadRecords.Mismatches(record.Info, PayloadRecords.Schema(record.Version, record.Action, record.Kind), record.Read);

        Assert.That(problems, Is.Empty);
    }

    [TestCaseSource(nameof(Records))]
    public void A_full_schema_valid_payload_binds_and_is_written_back_schema_valid_with_nothing_the_record_holds_lost(PayloadRecord record)
    {
        var validator = OcppSchemaValidator.Shared;
        var sample = PayloadRecords.Sample(PayloadRecords.Schema(record.Version, record.Action, record.Kind));
        Assert.That(validator.Validate(record.Version, record.Action, record.Kind, sample).IsValid, Is.True, $"the generated sample is schema-valid: {sample.ToJsonString()}");

        var bound = JsonSerializer.Deserialize(sample, record.Info);
        var written = JsonSerializer.SerializeToNode(bound, record.Info);

        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(written, PayloadRecords.Held(sample, record.Info)), Is.True, $"written {written?.ToJsonString()} from {sample.ToJsonString()}");
            var check = validator.Validate(record.Version, record.Action, record.Kind, written);
            Assert.That(check.IsValid, Is.True, $"written {written?.ToJsonString()}: {string.Join("; ", check.Errors.Select(e => $"{e.Path} {e.Message}"))}");
        });
    }

    // The messages the charge point sends itself are records too (issue 11 item 5: no string keys), and so are the answers it reads.
    [TestCase(OcppVersion.V16, new[] { "Authorize", "BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification", "StopTransaction" }, new[] { "Authorize", "BootNotification", "StartTransaction", "StopTransaction" })]
    [TestCase(OcppVersion.V201, new[] { "Authorize", "BootNotification", "FirmwareStatusNotification", "Heartbeat", "LogStatusNotification", "MeterValues", "NotifyReport", "ReportChargingProfiles", "ReservationStatusUpdate", "StatusNotification", "TransactionEvent" }, new[] { "Authorize", "BootNotification", "TransactionEvent" })]
    public void The_charge_points_own_messages_and_the_answers_it_reads_have_records(OcppVersion version, string[] sent, string[] answersRead)
    {
        var records = PayloadRecords.All().Where(r => r.Version == version).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(records.Where(r => r.Kind == OcppMessageKind.Request && !r.ReadByChargePoint).Select(r => r.Action), Is.EquivalentTo(sent));
            Assert.That(records.Where(r => r.AnswerToChargePoint).Select(r => r.Action), Is.EquivalentTo(answersRead));
            Assert.That(sent, Has.All.Matches<string>(a => ChargePointActions.Contains(version, a)), "each may be sent CP→CSMS");
        });
    }

    private static IEnumerable<TestCaseData> Answers() =>
        PayloadRecords.All().Where(r => r.AnswerToChargePoint).Select(r => new TestCaseData(r).SetArgDisplayNames(r.ToString()));

    // Answers are not schema-checked: as the string-keyed reads did, a value of the wrong type is absent, the rest still counts.
    [TestCaseSource(nameof(Answers))]
    public void An_answer_with_values_of_the_wrong_types_binds_with_those_values_absent(PayloadRecord record)
    {
        var schema = PayloadRecords.Schema(record.Version, record.Action, record.Kind);
        foreach (var nested in new[] { false, true })
        {
            var wrong = PayloadRecords.WrongSample(schema, nested);
            Assert.That(OcppSchemaValidator.Shared.Validate(record.Version, record.Action, record.Kind, wrong).IsValid, Is.False, $"the sample is wrong: {wrong.ToJsonString()}");

            var written = JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(wrong, record.Info), record.Info);

            Assert.That(Leaves(written), Is.Empty, $"from {wrong.ToJsonString()}: {written?.ToJsonString()}");
        }
    }

    private static IEnumerable<string> Leaves(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value)),
        JsonArray a => a.SelectMany(Leaves),
        null => [],
        _ => [node.GetPath() + "=" + node.ToJsonString()],
    };

    // The walk above must be able to fail: records that get the 1.6 Reset.req wrong, each in one way.
    [Test]
    public void The_check_finds_a_misspelled_property_a_wrong_type_and_a_missing_enumeration_value()
    {
        var schema = PayloadRecords.Schema(OcppVersion.V16, "Reset", OcppMessageKind.Request);

        Assert.Multiple(() =>
        {
            Assert.That(PayloadRecords.Mismatches(WrongRecords.Default.MisspelledReset, schema, read: true), Is.EqualTo(new[] { "MisspelledReset.typ: not in the schema" }));
            Assert.That(PayloadRecords.Mismatches(WrongRecords.Default.NumericReset, schema, read: true), Has.One.Contains("where the schema has string"));
            Assert.That(PayloadRecords.Mismatches(WrongRecords.Default.HardOnlyReset, schema, read: true), Is.EqualTo(new[] { "HardOnlyReset.type: the schema's Soft does not bind to HardOnly" }));
            Assert.That(PayloadRecords.Mismatches(WrongRecords.Default.WideReset, schema, read: false), Is.EqualTo(new[] { "WideReset.type: Wide.Warm is written as Warm, which the schema does not allow" }));
            Assert.That(PayloadRecords.Mismatches(WrongRecords.Default.WideReset, schema, read: true), Is.Empty, "a wider enumeration is fine for what the charge point reads");
        });
    }
}

internal sealed record MisspelledReset(string? Typ);

internal sealed record NumericReset(int? Type);

internal enum HardOnly
{
    Hard,
}

internal sealed record HardOnlyReset(HardOnly? Type);

internal enum Wide
{
    Hard,
    Soft,
    Warm,
}

internal sealed record WideReset(Wide? Type);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MisspelledReset))]
[JsonSerializable(typeof(NumericReset))]
[JsonSerializable(typeof(HardOnlyReset))]
[JsonSerializable(typeof(WideReset))]
internal sealed partial class WrongRecords : JsonSerializerContext;
