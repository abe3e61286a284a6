using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using OcppLab.Application.Catalog;
using OcppLab.Application.Chargers.Commands.CreateCharger;
using OcppLab.Application.Chargers.Commands.UpdateCharger;
using OcppLab.Application.Chargers.Queries.ListChargers;
using OcppLab.Application.Simulator;
using OcppLab.Application.Locations;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Application.Locations.Commands.CreateLocation;
using OcppLab.Application.Locations.Commands.DeleteLocationChargers;
using OcppLab.Application.Locations.Commands.UpdateLocation;
using OcppLab.Application.Locations.Queries.ListLocationChargers;
using OcppLab.Application.Locations.Queries.ListLocations;
using OcppLab.Application.Logs.Queries.ListChargerLogs;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Api.OpenApi;

/// <summary>
/// The validators are the one source of the request rules: every FluentValidation rule whose kind
/// the schema can express (not-null / not-empty → <c>required</c> and <c>minLength</c>/<c>minItems</c>,
/// length → <c>minLength</c>/<c>maxLength</c>, ranges and comparisons → <c>minimum</c>/<c>maximum</c>,
/// regular expressions → <c>pattern</c>) is read from the validator's descriptor and written on the body
/// property or query parameter its (snake_case) path names. Rules written as predicates (<c>Must</c>,
/// <c>Custom</c>: identity, ws_url, versions, command events) cannot be read back, so
/// <see cref="Predicates"/> states them from the same domain constants, and the contract tests check
/// them against the validators' verdicts.
/// </summary>
public static class ValidatorConstraints
{
    /// <summary>A request body component and the message type whose validator checks it (its rule paths are relative to the body).</summary>
    public static readonly IReadOnlyList<(string Schema, Type Message)> Bodies =
    [
        ("CreateChargerRequest", typeof(CreateChargerCommand)),
        ("UpdateChargerRequest", typeof(UpdateChargerCommand)),
        ("CreateLocationRequest", typeof(CreateLocationCommand)),
        ("UpdateLocationRequest", typeof(UpdateLocationCommand)),
        ("BulkCreateChargersItem", typeof(BulkChargerSpec)),
        ("ChargerTemplateRequest", typeof(ChargerTemplate)),
        ("ProxyMessageCommandRequest", typeof(ProxyMessageCommand)),
    ];

    /// <summary>An operation and the message type whose validator checks its query parameters.</summary>
    public static readonly IReadOnlyList<(string OperationId, Type Message)> Queries =
    [
        ("chargers_list", typeof(ListChargersQuery)),
        ("chargers_list_logs", typeof(ListChargerLogsQuery)),
        ("locations_list", typeof(ListLocationsQuery)),
        ("catalog_list_brands", typeof(ListBrandsQuery)),
        ("catalog_list_models", typeof(ListModelsQuery)),
        ("location_chargers_list", typeof(ListLocationChargersQuery)),
        ("location_chargers_delete", typeof(DeleteLocationChargersCommand)),
    ];

    /// <summary>
    /// A request body that is a JSON array, and the message whose member holds its entries (the rules on
    /// that member, reported as "body", are the array's; the entries are checked by <see cref="Bodies"/>).
    /// </summary>
    public static readonly IReadOnlyList<(string OperationId, Type Message, string Member)> ArrayBodies =
    [
        ("location_chargers_bulk_create", typeof(BulkCreateChargersCommand), "body"),
    ];

    /// <summary>The OCPP version spelling of proxy-message (the WebSocket subprotocol's); the API also accepts OCPP1.6 / 1.6 and other case.</summary>
    public static readonly string[] SubprotocolValues = ["ocpp1.6", "ocpp2.0.1"];

    /// <summary>Identity: 1–48 characters of letters, digits and -_.~*=+|@ (<see cref="ChargerIdentity"/>).</summary>
    public static readonly string IdentityPattern = $"^[A-Za-z0-9\\-_.~*=+|@]{{1,{ChargerIdentity.MaxLength}}}$";

    /// <summary>
    /// The shape part of <see cref="OcppLab.Application.Chargers.ChargerRules.ValidWsUrl"/>: ws:// or wss://,
    /// a host without user information, no white space, C0/C1 control, DEL or invisible formatting
    /// characters (bidi overrides, zero-width), no fragment. An ECMA-262 pattern, as JSON Schema's.
    /// </summary>
    public const string WsUrlPattern = @"^wss?://[^\s#@/?\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]+([/?][^\s#\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]*)?$";

    /// <summary>The rules written as predicates, by (body component, property path).</summary>
    public static IReadOnlyList<(string Schema, string Path, Action<OpenApiSchema> Apply, bool Required)> Predicates => BuildPredicates();

    /// <summary>The most chargers a location subset (charger_ids in the query) may name.</summary>
    public const int MaxSubset = 1000;

    public static void Apply(OpenApiDocument document, IServiceProvider services)
    {
        var schemas = document.Components!.Schemas!;
        foreach (var (name, message) in Bodies)
        {
            if (schemas.TryGetValue(name, out var root) && Validator(services, message) is { } validator)
            {
                foreach (var rule in Rules(validator))
                {
                    ApplyToProperty(document, (OpenApiSchema)root, rule.Path, rule.Validator, rule.Conditional);
                }
            }
        }

        // The resources' spelling (OcppVersionName: OCPP1.6, OCPP2.0.1) is the one documented for
        // requests too, so a client has one type for both; ValidOcppVersion also takes ocpp1.6 and 1.6.
        foreach (var body in new[] { "CreateChargerRequest", "UpdateChargerRequest", "ChargerTemplateRequest" })
        {
            if (schemas.TryGetValue(body, out var request) && request.Properties?.TryGetValue("ocpp_version", out var version) == true)
            {
                request.Properties["ocpp_version"] = WireSchemas.Nullable(
                    new OpenApiSchemaReference("OcppVersionName", document) { Description = version.Description });
            }
        }

        foreach (var (schema, path, component, description, values, required) in ClosedSets)
        {
            schemas[component] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = description,
                Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
            };
            if (schemas.TryGetValue(schema, out var root) && Resolve(document, (OpenApiSchema)root, path) is { } target)
            {
                var reference = new OpenApiSchemaReference(component, document) { Description = target.Parent.Properties![target.Name].Description };
                target.Parent.Properties[target.Name] = required ? reference : WireSchemas.Nullable(reference);
                if (required)
                {
                    Require(target.Parent, target.Name);
                }
            }
        }

        foreach (var (schema, path, apply, required) in Predicates)
        {
            if (schemas.TryGetValue(schema, out var root) && Resolve(document, (OpenApiSchema)root, path) is { } target)
            {
                var property = Concrete(document, target.Parent, target.Name);
                apply(property);
                if (required)
                {
                    Require(target.Parent, target.Name);
                }
            }
        }

        foreach (var operation in document.Paths.Values.SelectMany(p => (p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())))
        {
            var array = ArrayBodies.FirstOrDefault(a => a.OperationId == operation.OperationId);
            if (array.Message is not null && Validator(services, array.Message) is { } arrayValidator
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media.Schema is OpenApiSchema body)
            {
                foreach (var rule in Rules(arrayValidator).Where(r => r.Path == array.Member))
                {
                    Constrain(body, rule.Validator);
                }
            }

            // ListLocationChargersValidator / DeleteLocationChargersValidator bound the subset with a predicate.
            if (operation.OperationId is "location_chargers_list" or "location_chargers_delete"
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "charger_ids")?.Schema is OpenApiSchema subset)
            {
                subset.MaxItems = MaxSubset;
            }

            var query = Queries.FirstOrDefault(q => q.OperationId == operation.OperationId);
            if (query.Message is null || Validator(services, query.Message) is not { } validator)
            {
                continue;
            }

            foreach (var rule in Rules(validator))
            {
                var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == rule.Path);
                if (parameter?.Schema is OpenApiSchema schema)
                {
                    Constrain(schema, rule.Validator);
                    if (rule.Validator is INotNullValidator or INotEmptyValidator && !rule.Conditional)
                    {
                        parameter.Required = true;
                    }
                }
            }
        }
    }

    /// <summary>Every rule of a validator the schema can express, with its snake_case wire path.</summary>
    public static IEnumerable<(string Path, IPropertyValidator Validator, bool Conditional)> Rules(IValidator validator)
    {
        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            if (rule.PropertyName is not { Length: > 0 } name)
            {
                continue;
            }

            // RuleForEach rules check the items: written on the array's items schema ("charger_ids[]").
            var each = rule.GetType().Name.StartsWith("CollectionPropertyRule", StringComparison.Ordinal);
            var path = string.Join('.', name.Split('.').Select(s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s))) + (each ? "[]" : string.Empty);
            foreach (var component in rule.Components)
            {
                if (Expressible(component.Validator))
                {
                    yield return (path, component.Validator, component.HasCondition || component.HasAsyncCondition);
                }
            }
        }
    }

    public static bool Expressible(IPropertyValidator validator) => validator is INotNullValidator or INotEmptyValidator or ILengthValidator
        or IBetweenValidator or IRegularExpressionValidator
        or IComparisonValidator { Comparison: not (Comparison.Equal or Comparison.NotEqual) };

    public static IValidator? Validator(IServiceProvider services, Type message) =>
        services.GetService(typeof(IValidator<>).MakeGenericType(message)) as IValidator;

    private static void ApplyToProperty(OpenApiDocument document, OpenApiSchema root, string path, IPropertyValidator validator, bool conditional)
    {
        if (path.EndsWith("[]", StringComparison.Ordinal))
        {
            if (Resolve(document, root, path[..^2]) is { } list && Concrete(document, list.Parent, list.Name).Items is OpenApiSchema items)
            {
                Constrain(items, validator);
            }

            return;
        }

        if (Resolve(document, root, path) is not { } target)
        {
            return;
        }

        var property = Concrete(document, target.Parent, target.Name);
        Constrain(property, validator);

        // A nested member's rules run only when its object is given (When(parent is not null)):
        // within that object the member is still required.
        if (validator is INotNullValidator or INotEmptyValidator && (!conditional || path.Contains('.')))
        {
            Require(target.Parent, target.Name);
        }
    }

    /// <summary>Writes one rule on a schema.</summary>
    public static void Constrain(OpenApiSchema schema, IPropertyValidator validator)
    {
        var isArray = schema.Type is { } t && t.HasFlag(JsonSchemaType.Array);
        switch (validator)
        {
            case INotEmptyValidator when isArray:
                schema.MinItems = Math.Max(schema.MinItems ?? 0, 1);
                break;
            case INotEmptyValidator when schema.Type is { } type && type.HasFlag(JsonSchemaType.String):
                // NotEmpty also refuses white space only.
                schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                schema.Pattern ??= @"\S";
                break;
            case ILengthValidator length:
                if (length.Min > 0)
                {
                    schema.MinLength = length.Min;
                }

                if (length.Max > 0)
                {
                    schema.MaxLength = length.Max;
                }

                break;
            case IBetweenValidator between:
                var inclusive = validator.GetType().Name.StartsWith("Inclusive", StringComparison.Ordinal);
                if (inclusive)
                {
                    schema.Minimum = Number(between.From);
                    schema.Maximum = Number(between.To);
                }
                else
                {
                    schema.ExclusiveMinimum = Number(between.From);
                    schema.ExclusiveMaximum = Number(between.To);
                }

                break;
            case IComparisonValidator comparison:
                var value = Number(comparison.ValueToCompare);
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThanOrEqual: schema.Minimum = value; break;
                    case Comparison.GreaterThan: schema.ExclusiveMinimum = value; break;
                    case Comparison.LessThanOrEqual: schema.Maximum = value; break;
                    case Comparison.LessThan: schema.ExclusiveMaximum = value; break;
                }

                break;
            case IRegularExpressionValidator regex:
                schema.Pattern = regex.Expression;
                break;
        }
    }

    private static string? Number(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static void Require(OpenApiSchema parent, string name)
    {
        parent.Required ??= new HashSet<string>(StringComparer.Ordinal);
        parent.Required.Add(name);
        parent.Properties![name] = WireSchemas.NotNullable(parent.Properties[name]);
    }

    /// <summary>The property's own schema (a component's when it is a reference), ready to carry keywords.</summary>
    private static OpenApiSchema Concrete(OpenApiDocument document, OpenApiSchema parent, string name)
    {
        var schema = parent.Properties![name];
        if (schema is OpenApiSchema concrete && (concrete.OneOf ?? concrete.AnyOf) is { Count: 2 } alternatives
            && alternatives.Any(a => a is OpenApiSchema { Type: JsonSchemaType.Null }))
        {
            schema = alternatives.First(a => a is not OpenApiSchema { Type: JsonSchemaType.Null });
        }

        return schema switch
        {
            OpenApiSchema own => own,
            OpenApiSchemaReference reference => (OpenApiSchema)document.Components!.Schemas![reference.Reference.Id!],
            _ => throw new InvalidOperationException($"Property {name} has no schema to constrain."),
        };
    }

    /// <summary>Follows a dotted snake_case path through properties (and references) to the schema that holds its last member.</summary>
    public static (OpenApiSchema Parent, string Name)? Resolve(OpenApiDocument document, OpenApiSchema root, string path)
    {
        var segments = path.Split('.');
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (current.Properties?.TryGetValue(segments[i], out var next) != true)
            {
                return null;
            }

            current = Concrete(document, current, segments[i]);
        }

        return current.Properties?.ContainsKey(segments[^1]) == true ? (current, segments[^1]) : null;
    }

    private static List<(string, string, Action<OpenApiSchema>, bool)> BuildPredicates()
    {
        static Action<OpenApiSchema> Range(string? min, string? max, string? exclusiveMin = null) => s =>
        {
            s.Minimum = min;
            s.Maximum = max;
            s.ExclusiveMinimum = exclusiveMin;
        };
        static Action<OpenApiSchema> Pattern(string pattern, int? maxLength = null) => s =>
        {
            s.Pattern = pattern;
            s.MaxLength = maxLength ?? s.MaxLength;
        };

        // 0, 1 or 2 (3 is refused as not supported yet): a range rather than an integer enum, which generators handle unevenly.
        var securityProfiles = Range(SecurityProfile.None.ToString(CultureInfo.InvariantCulture), SecurityProfile.TlsBasicAuth.ToString(CultureInfo.InvariantCulture));
        var idTag = Pattern(@"\S", CommandRules.MaxIdTagLength) + (s => s.MinLength = 1);
        var connector = Range("0", null);
        var list = new List<(string, string, Action<OpenApiSchema>, bool)>();
        foreach (var body in new[] { "CreateChargerRequest", "UpdateChargerRequest", "ChargerTemplateRequest" })
        {
            list.Add((body, "ws_url", Pattern(WsUrlPattern), false));
            list.Add((body, "security_profile", securityProfiles, false));
        }

        list.Add(("CreateChargerRequest", "identity", Pattern(IdentityPattern, ChargerIdentity.MaxLength), false));
        list.Add(("CreateChargerRequest", "charge_point_name", Pattern(@"\S"), false));
        list.Add(("CreateChargerRequest", "location_name", Pattern(@"\S"), false));
        list.Add(("UpdateChargerRequest", "charge_point_name", Pattern(@"\S"), false));
        list.Add(("ChargerTemplateRequest", "identity_prefix", Pattern("^[A-Za-z0-9\\-_.~*=+|@]*$"), false));
        foreach (var body in new[] { "CreateLocationRequest", "UpdateLocationRequest" })
        {
            list.Add((body, "country", Pattern("^[A-Za-z]{2}$"), false));
            list.Add((body, "timezone", Pattern(@"^\S+$"), false));
            list.Add((body, "name", Pattern(@"\S"), false));
        }

        list.Add(("BulkCreateChargersItem", "charger_ids", s => { s.UniqueItems = true; if (s.Items is OpenApiSchema item) { item.MinLength = 1; } }, false));

        // Commands (CommandRules.Problems and the proxy validator).
        list.Add(("ProxyMessageCommandRequest", "event.action", Pattern(@"\S"), true));
        list.Add(("ProxyMessageCommandRequest", "event", _ => { }, true));
        foreach (var body in new[] { "ConnectorEvent", "FaultEvent", "StartTransactionEvent", "StopTransactionEvent", "StartSessionEvent", "PowerUpdateEvent" })
        {
            list.Add((body, "evse_id", connector, false));
            list.Add((body, "connector_id", connector, false));
        }

        foreach (var body in new[] { "IdTagEvent", "StartTransactionEvent", "StartSessionEvent" })
        {
            list.Add((body, "id_tag", idTag, true));
        }

        list.Add(("StartSessionEvent", "duration_seconds", Range("1", (7 * 24 * 3600).ToString(CultureInfo.InvariantCulture)), false));
        list.Add(("StartSessionEvent", "target_energy_kwh", Range(null, "1000", "0"), false));
        list.Add(("PowerUpdateEvent", "power_w", Range("0", "1000000"), true));
        list.Add(("ConfigurationEvent", "configuration", s => s.MinItems = 1, true));
        list.Add(("ConfigurationItem", "key", Pattern(@"\S") + (s => s.MinLength = 1), true));
        list.Add(("ConfigurationItem", "value", _ => { }, true));
        list.Add(("LocalAuthListEvent", "list_version", Range("1", null), true));
        list.Add(("LocalAuthEntry", "id_tag", idTag, true));

        // Commands whose event is required (CommandRules.Event: all but the ones that need none).
        foreach (var body in new[] { "FaultCommandRequest", "AuthorizeCommandRequest", "StartTransactionCommandRequest", "StopTransactionCommandRequest",
                     "StartSessionCommandRequest", "PowerUpdateCommandRequest", "ConfigurationCommandRequest", "LocalAuthListCommandRequest" })
        {
            list.Add((body, "event", _ => { }, true));
        }

        return list;
    }

    /// <summary>
    /// The closed sets the predicate rules accept, each a named string enum component (so that every
    /// generator makes one named type of it), by (body component, property path): the property refers
    /// to it, as <c>anyOf [$ref, null]</c> where it is optional.
    /// </summary>
    public static IReadOnlyList<(string Schema, string Path, string Component, string Description, IReadOnlyList<string> Values, bool Required)> ClosedSets =>
    [
        ("ProxyMessageCommandRequest", "event.ocpp_version", "OcppSubprotocolName", "An OCPP version as the WebSocket subprotocol spells it.", SubprotocolValues, false),
        ("FaultEvent", "fault_type", "ChargePointErrorCode", "An OCPP error code that puts a connector in Faulted.", [.. ErrorCodes.Faults.Order(StringComparer.Ordinal)], true),
        ("StopTransactionEvent", "reason", "StopReasonName", "Why a transaction ends (1.6 or 2.0.1 spelling; matched without regard to case).", StopReasons, false),
        ("LocalAuthListEvent", "update_type", "LocalAuthListUpdateType", "Replace the whole list, or apply the entries as changes.", ["Full", "Differential"], true),
        ("LocalAuthEntry", "status", "AuthorizationStatusName", "The authorization status of an id tag in the local list.", System.Enum.GetNames<AuthorizationStatus>(), true),
    ];

    /// <summary>The stop reasons <see cref="CommandRules"/> accepts (the version-neutral names and three 2.0.1 spellings).</summary>
    /// <remarks>
    /// Matched without regard to case, so 2.0.1's SOCLimitReached is SocLimitReached here: members that
    /// differ only in case would collide in generators that normalise names.
    /// </remarks>
    public static readonly string[] StopReasons = [.. System.Enum.GetNames<StopReason>(), "UnlockConnector", "ImmediateReset"];
}
