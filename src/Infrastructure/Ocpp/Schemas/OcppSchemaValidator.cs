using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// Validates OCPP payloads against the official OCA JSON schemas embedded in this assembly, and says which
/// CALLERROR code a malformed CALL deserves. Thread-safe; each schema is compiled the first time it is used and
/// then cached, so one instance (<see cref="Shared"/>) should serve the whole process.
/// </summary>
public sealed class OcppSchemaValidator
{
    private static readonly Lazy<OcppSchemaValidator> _shared = new(() => new OcppSchemaValidator(), LazyThreadSafetyMode.ExecutionAndPublication);

    // Flag output stops at the first failure, which is all the hot path (a valid message) needs; the detailed
    // List output is computed only for payloads already known to be invalid.
    private static readonly EvaluationOptions _quickOptions = CreateOptions(OutputFormat.Flag);
    private static readonly EvaluationOptions _detailedOptions = CreateOptions(OutputFormat.List);

    private static readonly JsonElement _jsonNull = ParseDetached("null");

    private readonly OcppSchemaCatalog _catalog;
    private readonly ConcurrentDictionary<OcppSchemaKey, Lazy<JsonSchema>> _compiled = new();

    public OcppSchemaValidator()
        : this(OcppSchemaCatalog.Embedded)
    {
    }

    internal OcppSchemaValidator(OcppSchemaCatalog catalog) => _catalog = catalog;

    /// <summary>The process-wide instance; register it as the DI singleton so its schema cache is shared.</summary>
    public static OcppSchemaValidator Shared => _shared.Value;

    /// <summary>Whether <paramref name="action"/> (case-sensitive, e.g. <c>BootNotification</c>) has request and response schemas.</summary>
    public bool HasAction(OcppVersion version, string action) => _catalog.HasAction(version, action);

    /// <summary>Every action of <paramref name="version"/> with request and response schemas, ordinally sorted.</summary>
    public IReadOnlyList<string> Actions(OcppVersion version) => _catalog.Actions(version);

    /// <summary>
    /// Validates <paramref name="payload"/> as the <paramref name="kind"/> of <paramref name="action"/>.
    /// An action without a schema yields an invalid result with code <c>NotImplemented</c>; a payload that is not a
    /// JSON object (including JSON <c>null</c>) yields FormationViolation (1.6) / FormatViolation (2.0.1).
    /// </summary>
    public SchemaValidationResult Validate(OcppVersion version, string action, OcppMessageKind kind, JsonNode? payload)
    {
        if (payload is null)
        {
            return Validate(version, action, kind, _jsonNull);
        }

        using var document = JsonDocument.Parse(payload.ToJsonString());
        return Validate(version, action, kind, document.RootElement);
    }

    /// <inheritdoc cref="Validate(OcppVersion, string, OcppMessageKind, JsonNode?)"/>
    public SchemaValidationResult Validate(OcppVersion version, string action, OcppMessageKind kind, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(action);
        var key = new OcppSchemaKey(version, action, kind);
        if (!_catalog.TryGetSchema(key, out var schemaRoot))
        {
            // A version without schemas or an undefined kind is the caller's bug, not a payload error: throw for those.
            _ = _catalog.Actions(version);
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown message kind.");
            }

            return SchemaValidationResult.Invalid(
                [new SchemaValidationError("", $"no {KindName(version, kind)} schema for action '{action}' in {VersionName(version)}", "action")],
                PayloadErrorCodes.NotImplemented);
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return NotAnObject(version, payload.ValueKind.ToString().ToLowerInvariant());
        }

        var schema = _compiled.GetOrAdd(key, _ => new Lazy<JsonSchema>(() => Compile(schemaRoot), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        if (schema.Evaluate(payload, _quickOptions).IsValid)
        {
            return SchemaValidationResult.Valid;
        }

        var (errors, category) = SchemaErrorTranslator.Translate(schema.Evaluate(payload, _detailedOptions), schemaRoot, payload);
        return SchemaValidationResult.Invalid(errors, PayloadErrorCodes.For(version, category));
    }

    private static JsonElement ParseDetached(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static SchemaValidationResult NotAnObject(OcppVersion version, string actual) =>
        SchemaValidationResult.Invalid(
            [new SchemaValidationError("", $"payload must be a JSON object but is {actual}", "type")],
            PayloadErrorCodes.For(version, PayloadErrorCategory.Format));

    private static JsonSchema Compile(JsonElement schemaRoot)
    {
        // Both versions reuse $ids such as "urn:BootNotification.req", so each schema gets a private registry:
        // the global one would let a 1.6 schema shadow its 2.0.1 namesake (or another component's schema).
        // The dialect is set explicitly because JsonSchema.Net 8 does not pick it from "$schema" (its default is
        // its own v1 dialect); the files are ocpp-rpc's draft-07 conversions.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft07 };
        return JsonSchema.Build(schemaRoot, options);
    }

    private static EvaluationOptions CreateOptions(OutputFormat outputFormat)
    {
        // Draft-07 treats "format" as an annotation by default; OCPP needs it enforced (date-time offsets, uri).
        var formats = new FormatRegistry();
        formats.Register(new Rfc3339DateTimeFormat());
        return new EvaluationOptions { OutputFormat = outputFormat, RequireFormatValidation = true, FormatRegistry = formats };
    }

    private static string VersionName(OcppVersion version) => version == OcppVersion.V16 ? "OCPP 1.6" : "OCPP 2.0.1";

    private static string KindName(OcppVersion version, OcppMessageKind kind) => (version, kind) switch
    {
        (OcppVersion.V16, OcppMessageKind.Request) => "request (.req)",
        (OcppVersion.V16, _) => "response (.conf)",
        (_, OcppMessageKind.Request) => "request",
        _ => "response",
    };
}
