using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.OpenApi;
using OcppLab.Application.Chargers.Commands.CreateCharger;
using OcppLab.Application.Simulator;
using OcppLab.Application.Locations.Commands.DeleteLocationChargers;
using OcppLab.Application.Locations.Queries.ListLocationChargers;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// The served OpenAPI document and the FluentValidation validators cannot drift (issue 10 item 1):
/// every rule a validator declares that a schema can express appears on the body property or query
/// parameter it checks; every validator of a request is mapped to its schema; and the constraints
/// stated by hand for predicate rules (enums, bounds, patterns) get the validators' own verdicts:
/// each documented value passes, the values just outside fail.
/// </summary>
public sealed class OpenApiValidatorDriftTests : ServedDocumentTests
{
    private JsonNode Schemas => Document["components"]!["schemas"]!;

    [Test]
    public void Every_expressible_validator_rule_of_a_request_body_is_in_its_schema()
    {
        var checkedRules = 0;
        foreach (var (schemaName, message) in ValidatorConstraints.Bodies)
        {
            var validator = ValidatorFor(message);
            foreach (var rule in validator.CreateDescriptor().Rules)
            {
                var each = rule.GetType().Name.StartsWith("CollectionPropertyRule", StringComparison.Ordinal);
                var path = Snake(rule.PropertyName!);
                foreach (var component in rule.Components)
                {
                    var (parent, property) = Resolve(Schemas[schemaName]!, path, $"{schemaName}.{path}");
                    var target = each ? Deref(property)["items"]! : Deref(property);
                    if (ExpectOn(target, component.Validator, $"{schemaName}.{path}"))
                    {
                        checkedRules++;
                    }

                    if (!each && component.Validator is INotNullValidator or INotEmptyValidator && (!component.HasCondition || path.Contains('.')))
                    {
                        Assert.That(parent["required"]?.AsArray().Select(r => r!.GetValue<string>()), Does.Contain(path.Split('.')[^1]),
                            $"{schemaName}.{path} is required by {message.Name}'s validator");
                        Assert.That(TypeNames(property), Does.Not.Contain("null"), $"{schemaName}.{path} is required, so not nullable");
                    }
                }
            }
        }

        Assert.That(checkedRules, Is.GreaterThanOrEqualTo(15), "the walk reached the validators' length, range and not-empty rules");
    }

    [Test]
    public void Every_expressible_validator_rule_of_a_query_is_on_its_parameter()
    {
        var checkedRules = 0;
        foreach (var (operationId, message) in ValidatorConstraints.Queries)
        {
            var operation = Operation(operationId);
            foreach (var rule in ValidatorFor(message).CreateDescriptor().Rules)
            {
                var name = Snake(rule.PropertyName!);
                foreach (var component in rule.Components.Where(c => ValidatorConstraints.Expressible(c.Validator)))
                {
                    var parameter = operation["parameters"]!.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == name);
                    Assert.That(parameter, Is.Not.Null, $"{operationId} has a rule on {name} but no such query parameter");
                    if (ExpectOn(parameter!["schema"]!, component.Validator, $"{operationId}?{name}"))
                    {
                        checkedRules++;
                    }
                }
            }
        }

        // page ≥ 1 and limit 1–100 on five lists, the logs' limit and offset, event's length.
        Assert.That(checkedRules, Is.GreaterThanOrEqualTo(13));
        Assert.That(Operation("chargers_list_logs")["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!["maximum"]!.GetValue<int>(), Is.EqualTo(1000));
    }

    [Test]
    public void The_documented_subset_bound_is_the_validators()
    {
        foreach (var id in new[] { "location_chargers_list", "location_chargers_delete" })
        {
            var parameter = Operation(id)["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "charger_ids")!;
            Assert.That(parameter["schema"]!["maxItems"]!.GetValue<int>(), Is.EqualTo(ValidatorConstraints.MaxSubset), id);
            Assert.That((parameter["style"]!.GetValue<string>(), parameter["explode"]!.GetValue<bool>()), Is.EqualTo(("form", true)), id);
        }

        IReadOnlyList<string> Ids(int n) => Enumerable.Range(0, n).Select(i => $"CP-{i}").ToList();
        var list = ValidatorFor(typeof(ListLocationChargersQuery));
        var delete = ValidatorFor(typeof(DeleteLocationChargersCommand));
        var max = ValidatorConstraints.MaxSubset;
        Assert.That(list.Validate(new ValidationContext<ListLocationChargersQuery>(new(Guid.NewGuid(), Ids(max), null, null))).IsValid, Is.True);
        Assert.That(list.Validate(new ValidationContext<ListLocationChargersQuery>(new(Guid.NewGuid(), Ids(max + 1), null, null))).IsValid, Is.False);
        Assert.That(delete.Validate(new ValidationContext<DeleteLocationChargersCommand>(new(Guid.NewGuid(), Ids(max)))).IsValid, Is.True);
        Assert.That(delete.Validate(new ValidationContext<DeleteLocationChargersCommand>(new(Guid.NewGuid(), Ids(max + 1)))).IsValid, Is.False);
    }

    [Test]
    public void The_rules_on_an_array_body_are_on_the_array()
    {
        foreach (var (operationId, message, member) in ValidatorConstraints.ArrayBodies)
        {
            var body = Operation(operationId)["requestBody"]!["content"]!["application/json"]!["schema"]!;
            var rules = ValidatorFor(message).CreateDescriptor().Rules.Where(r => r.PropertyName == member)
                .SelectMany(r => r.Components).Where(c => ValidatorConstraints.Expressible(c.Validator)).ToList();
            Assert.That(rules, Is.Not.Empty, $"{message.Name} has rules on {member}");
            foreach (var rule in rules)
            {
                Assert.That(ExpectOn(body, rule.Validator, operationId), Is.True);
            }
        }
    }

    [Test]
    public void Every_request_validator_is_mapped_to_a_schema_or_a_query()
    {
        // Validated elsewhere: the command targets and events (CommandRules, checked below) and the routes' path ids.
        var byCommandRules = new[] { typeof(RunFanOutCommand), typeof(RunChargerCommand) };
        var mapped = ValidatorConstraints.Bodies.Select(b => b.Message).Concat(ValidatorConstraints.Queries.Select(q => q.Message))
            .Concat(ValidatorConstraints.ArrayBodies.Select(a => a.Message)).Concat(byCommandRules).ToHashSet();
        var validated = typeof(CreateChargerValidator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract)
            .Select(t => t.BaseType)
            .Where(b => b is { IsGenericType: true } && b.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            .Select(b => b!.GetGenericArguments()[0])
            .ToList();

        Assert.That(validated, Is.Not.Empty);
        Assert.That(validated.Where(m => !mapped.Contains(m)).Select(m => m.Name), Is.Empty,
            "a validator whose rules the document does not show: add it to ValidatorConstraints.Bodies or Queries");
    }

    [TestCase("InjectFault", "FaultEvent")]
    [TestCase("LocalAuthList", "LocalAuthListEvent")]
    [TestCase("StopTransaction", "StopTransactionEvent")]
    [TestCase("StartSession", "StartSessionEvent")]
    [TestCase("StartTransaction", "StartTransactionEvent")]
    [TestCase("AuthorizeIdTag", "IdTagEvent")]
    [TestCase("PowerUpdate", "PowerUpdateEvent")]
    [TestCase("PlugConnector", "ConnectorEvent")]
    public void A_command_event_schema_gets_the_command_rules_verdicts(string kindName, string schemaName)
    {
        var kind = Enum.Parse<CommandKind>(kindName);
        var schema = Schemas[schemaName]!;
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        var checkedValues = 0;
        foreach (var (name, property) in schema["properties"]!.AsObject())
        {
            var field = Deref(property!);
            foreach (var value in Inside(field))
            {
                Assert.That(ProblemsOn(kind, name, value), Is.Empty, $"{schemaName}.{name} = {value} is documented as valid");
                checkedValues++;
            }

            foreach (var value in Outside(field))
            {
                Assert.That(ProblemsOn(kind, name, value), Is.Not.Empty, $"{schemaName}.{name} = {value} is outside the documented range: CommandRules must refuse it");
                checkedValues++;
            }

            if (required.Contains(name))
            {
                Assert.That(ProblemsOn(kind, name, null), Is.Not.Empty, $"{schemaName}.{name} is documented as required");
            }
        }

        Assert.That(checkedValues, Is.Positive);
    }

    [Test]
    public void Local_auth_entries_and_configuration_items_get_the_command_rules_verdicts()
    {
        foreach (var status in Deref(Schemas["LocalAuthEntry"]!["properties"]!["status"]!)["enum"]!.AsArray().Select(v => v!.GetValue<string>()))
        {
            var e = new CommandEvent { ListVersion = 1, UpdateType = "Full", Entries = [new LocalAuthEntryInput("TAG", null, status)] };
            Assert.That(CommandRules.Problems(CommandKind.LocalAuthList, e), Is.Empty, status);
        }

        var unknown = new CommandEvent { ListVersion = 1, UpdateType = "Full", Entries = [new LocalAuthEntryInput("TAG", null, "Maybe")] };
        Assert.That(CommandRules.Problems(CommandKind.LocalAuthList, unknown).Select(p => p.Field), Does.Contain("entries[0].status"));
        var tooLong = new CommandEvent { ListVersion = 1, UpdateType = "Full", Entries = [new LocalAuthEntryInput(new string('A', MaxLength("LocalAuthEntry", "id_tag") + 1), null, "Accepted")] };
        Assert.That(CommandRules.Problems(CommandKind.LocalAuthList, tooLong).Select(p => p.Field), Does.Contain("entries[0].id_tag"));

        Assert.That(Schemas["ConfigurationItem"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "key", "value" }));
        Assert.That(CommandRules.Problems(CommandKind.Configuration, new CommandEvent { Configuration = [new ConfigurationInput("K", null)] }).Select(p => p.Field),
            Does.Contain("configuration[0].value"));
        Assert.That(Schemas["ConfigurationEvent"]!["properties"]!["configuration"]!["minItems"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(CommandRules.Problems(CommandKind.Configuration, new CommandEvent { Configuration = [] }).Select(p => p.Field), Does.Contain("configuration"));
    }

    [Test]
    public void Charger_body_patterns_and_enums_get_the_validators_verdicts()
    {
        var validator = ValidatorFor(typeof(CreateChargerCommand));
        var properties = Schemas["CreateChargerRequest"]!["properties"]!;
        var valid = new CreateChargerCommand { Identity = "CP-1", BrandSlug = "abb", ModelSlug = "terra-184", ConnectorType = "CCS2", WsUrl = "ws://127.0.0.1:5080/sandbox/csms" };
        string[] ErrorsOn(CreateChargerCommand c, string field) =>
            validator.Validate(new ValidationContext<CreateChargerCommand>(c)).Errors.Where(e => Snake(e.PropertyName) == field).Select(e => e.ErrorMessage).ToArray();

        Assert.That(ErrorsOn(valid, "identity").Concat(ErrorsOn(valid, "ws_url")), Is.Empty, "the baseline is valid");

        var identity = Ecma(properties["identity"]!["pattern"]!.GetValue<string>());
        foreach (var sample in new[] { "CP-1", "a.b~c*d=e+f|g@h_i", new string('x', 48), new string('x', 49), "bad:identity", "has space", "é", string.Empty })
        {
            Assert.That(ErrorsOn(valid with { Identity = sample }, "identity"), identity.IsMatch(sample) ? Is.Empty : Is.Not.Empty, $"identity '{sample}'");
        }

        var wsUrl = Ecma(properties["ws_url"]!["pattern"]!.GetValue<string>());
        foreach (var sample in new[]
                 {
                     "ws://127.0.0.1:5080/sandbox/csms", "wss://csms.example.test/ocpp", "wss://csms.example.test", "ws://[::1]:9000/ocpp/v1?x=1", "ws://csms.example.test?x=1",
                     "http://csms.example.test/ocpp", "ws://user:pw@csms.example.test/", "ws://@csms.example.test/", "ws://csms.example.test/a b",
                     "ws://csms.example.test/#x", "ws://csms.example.test/\n", "ws://csms.example.test/\u0001", "ws://csms.example.test/\u202Egpj",
                     "ws://csms.example.test/\u200B", "ws://csms\u00A0.example.test/",
                 })
        {
            if (wsUrl.IsMatch(sample))
            {
                Assert.That(ErrorsOn(valid with { WsUrl = sample }, "ws_url"), Is.Empty, $"ws_url '{sample}' matches the documented pattern");
            }
            else
            {
                Assert.That(ErrorsOn(valid with { WsUrl = sample }, "ws_url"), Is.Not.Empty, $"ws_url '{sample}' does not match the documented pattern");
            }
        }

        var versions = Schemas["OcppVersionName"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.That(JsonSerializer.Serialize(properties["ocpp_version"]), Does.Contain("#/components/schemas/OcppVersionName"));
        Assert.That(versions.SelectMany(v => ErrorsOn(valid with { OcppVersion = v }, "ocpp_version")), Is.Empty);
        Assert.That(ErrorsOn(valid with { OcppVersion = "OCPP3.0" }, "ocpp_version"), Is.Not.Empty);

        var (lowest, highest) = (properties["security_profile"]!["minimum"]!.GetValue<int>(), properties["security_profile"]!["maximum"]!.GetValue<int>());
        foreach (var profile in Enumerable.Range(-1, 6))
        {
            var candidate = valid with { SecurityProfile = profile };
            Assert.That(ErrorsOn(candidate, "security_profile"), profile >= lowest && profile <= highest ? Is.Empty : Is.Not.Empty, $"security_profile {profile}");
        }
    }

    [Test]
    public void Command_targets_are_the_two_shapes_and_single_target_routes_take_only_one_charger()
    {
        Assert.That(Schemas["CommandTarget"], Is.Null, "the unified target is inline in each fan-out body (NSwag cannot reference a bare oneOf)");
        Assert.That(Schemas["LocationTarget"]!["properties"]!["charger_ids"]!["maxItems"]!.GetValue<int>(), Is.EqualTo(CommandRules.MaxTargets));
        Assert.That(Schemas["CommandTargetRequest"], Is.Null, "the all-optional target is gone");

        foreach (var kind in Enum.GetValues<CommandKind>())
        {
            var body = Deref(Operation("commands_" + kind.EventType())["requestBody"]!["content"]!["application/json"]!["schema"]!);
            var target = body["properties"]!["target"]!;
            if (kind.IsSingleTarget())
            {
                Assert.That(target["$ref"]!.GetValue<string>(), Does.EndWith("/ChargerTarget"), kind.ToString());
            }
            else
            {
                var shapes = target["oneOf"]!.AsArray().Select(r => r!["$ref"]!.GetValue<string>()).ToList();
                Assert.That(shapes, Is.EqualTo(new[] { "#/components/schemas/ChargerTarget", "#/components/schemas/LocationTarget" }), kind.ToString());
            }

            Assert.That(body["required"]!.AsArray().Select(r => r!.GetValue<string>()), Does.Contain("target"));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /// <summary>A JSON Schema (ECMA-262) pattern in .NET: there <c>$</c> also matches before a final newline, in ECMA-262 only at the end.</summary>
    private static Regex Ecma(string pattern) =>
        new(pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.CultureInvariant);

    private IValidator ValidatorFor(Type message) =>
        (IValidator)Factory.Services.GetRequiredService(typeof(IValidator<>).MakeGenericType(message));

    private JsonNode Operation(string id) =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => m.Value!))
            .Single(o => o["operationId"]!.GetValue<string>() == id);

    private static string Snake(string path) => string.Join('.', path.Split('.').Select(s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s)));

    /// <summary>A reference or a nullable oneOf wrapper → the schema that carries the keywords.</summary>
    private JsonNode Deref(JsonNode schema)
    {
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives && alternatives.Any(a => a!["type"]?.GetValue<string>() == "null"))
        {
            schema = alternatives.First(a => a!["type"]?.GetValue<string>() != "null")!;
        }

        return schema["$ref"] is { } reference ? Schemas[reference.GetValue<string>().Split('/')[^1]]! : schema;
    }

    private (JsonNode Parent, JsonNode Property) Resolve(JsonNode root, string path, string what)
    {
        var parent = root;
        var segments = path.Split('.');
        for (var i = 0; ; i++)
        {
            var property = parent["properties"]?[segments[i]];
            Assert.That(property, Is.Not.Null, $"{what}: the schema has no property {segments[i]}");
            if (i == segments.Length - 1)
            {
                return (parent, property!);
            }

            parent = Deref(property!);
        }
    }

    private static IEnumerable<string> TypeNames(JsonNode property) => property["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()),
        JsonValue type => [type.GetValue<string>()],
        _ => (property["oneOf"] ?? property["anyOf"])?.AsArray().Select(a => a!["type"]?.GetValue<string>() ?? "$ref") ?? [],
    };

    /// <summary>Asserts the keyword a rule implies; false for rules with nothing to show (not-null on a non-string).</summary>
    private static bool ExpectOn(JsonNode schema, IPropertyValidator validator, string what)
    {
        decimal? Keyword(string name) => schema[name] is { } v ? v.GetValue<decimal>() : null;
        static decimal Number(object value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        switch (validator)
        {
            case ILengthValidator length:
                if (length.Min > 0)
                {
                    Assert.That(Keyword("minLength"), Is.EqualTo(length.Min), $"{what}: minLength");
                }

                if (length.Max > 0)
                {
                    Assert.That(Keyword("maxLength"), Is.EqualTo(length.Max), $"{what}: maxLength");
                }

                return true;
            case IBetweenValidator between when validator.GetType().Name.StartsWith("Inclusive", StringComparison.Ordinal):
                Assert.That((Keyword("minimum"), Keyword("maximum")), Is.EqualTo(((decimal?)Number(between.From), (decimal?)Number(between.To))), $"{what}: minimum/maximum");
                return true;
            case IBetweenValidator between:
                Assert.That((Keyword("exclusiveMinimum"), Keyword("exclusiveMaximum")), Is.EqualTo(((decimal?)Number(between.From), (decimal?)Number(between.To))), $"{what}: exclusive bounds");
                return true;
            case IComparisonValidator { Comparison: Comparison.GreaterThanOrEqual } c:
                Assert.That(Keyword("minimum"), Is.EqualTo(Number(c.ValueToCompare)), $"{what}: minimum");
                return true;
            case IComparisonValidator { Comparison: Comparison.LessThanOrEqual } c:
                Assert.That(Keyword("maximum"), Is.EqualTo(Number(c.ValueToCompare)), $"{what}: maximum");
                return true;
            case IComparisonValidator { Comparison: Comparison.GreaterThan } c:
                Assert.That(Keyword("exclusiveMinimum"), Is.EqualTo(Number(c.ValueToCompare)), $"{what}: exclusiveMinimum");
                return true;
            case IComparisonValidator { Comparison: Comparison.LessThan } c:
                Assert.That(Keyword("exclusiveMaximum"), Is.EqualTo(Number(c.ValueToCompare)), $"{what}: exclusiveMaximum");
                return true;
            case IRegularExpressionValidator regex:
                Assert.That(schema["pattern"]?.GetValue<string>(), Is.EqualTo(regex.Expression), $"{what}: pattern");
                return true;
            case INotEmptyValidator when schema["type"]?.ToJsonString().Contains("\"string\"") == true:
                Assert.That(Keyword("minLength"), Is.GreaterThanOrEqualTo(1), $"{what}: not empty");
                return true;
            case INotEmptyValidator when schema["type"]?.ToJsonString().Contains("\"array\"") == true:
                Assert.That(Keyword("minItems"), Is.GreaterThanOrEqualTo(1), $"{what}: not empty");
                return true;
            default:
                return false;
        }
    }

    private int MaxLength(string schema, string property) => Schemas[schema]!["properties"]![property]!["maxLength"]!.GetValue<int>();

    /// <summary>Values the schema documents as valid: every enum member, the bounds themselves.</summary>
    private static IEnumerable<JsonNode> Inside(JsonNode field)
    {
        if (field["enum"] is JsonArray members)
        {
            foreach (var member in members)
            {
                yield return member!.DeepClone();
            }
        }

        if (field["minimum"] is { } min)
        {
            yield return JsonValue.Create(min.GetValue<decimal>());
        }

        if (field["maximum"] is { } max)
        {
            yield return JsonValue.Create(max.GetValue<decimal>());
        }

        if (field["maxLength"] is { } length)
        {
            yield return JsonValue.Create(new string('A', length.GetValue<int>()));
        }
    }

    /// <summary>Values just outside what the schema documents.</summary>
    private static IEnumerable<JsonNode> Outside(JsonNode field)
    {
        if (field["enum"] is JsonArray)
        {
            yield return JsonValue.Create("NotAMember")!;
        }

        var step = field["type"]?.ToJsonString().Contains("integer") == true ? 1m : 0.5m;
        if (field["minimum"] is { } min)
        {
            yield return JsonValue.Create(min.GetValue<decimal>() - step);
        }

        if (field["exclusiveMinimum"] is { } exclusiveMin)
        {
            yield return JsonValue.Create(exclusiveMin.GetValue<decimal>());
        }

        if (field["maximum"] is { } max)
        {
            yield return JsonValue.Create(max.GetValue<decimal>() + step);
        }

        if (field["maxLength"] is { } length)
        {
            yield return JsonValue.Create(new string('A', length.GetValue<int>() + 1));
        }
    }

    /// <summary>CommandRules' problems on one event field, the others set to valid values for the command.</summary>
    private static string[] ProblemsOn(CommandKind kind, string field, JsonNode? value)
    {
        var e = new CommandEvent { IdTag = "TAG", FaultType = "GroundFailure", ListVersion = 1, UpdateType = "Full", PowerW = 1000 };
        var property = typeof(CommandEvent).GetProperties().Single(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == field);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        object? converted = value is null ? null : type == typeof(string) ? value.ToString() : Convert.ChangeType(value.GetValue<decimal>(), type, CultureInfo.InvariantCulture);
        property.SetValue(e, converted);
        return CommandRules.Problems(kind, e).Where(p => p.Field == field).Select(p => p.Message).ToArray();
    }
}
