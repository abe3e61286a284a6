using Microsoft.OpenApi;
using OcppLab.Application.Simulator;

namespace OcppLab.Api.OpenApi;

/// <summary>
/// The two target shapes the command routes accept (<see cref="CommandRules"/>): one charger
/// (<c>{charger_id}</c>), or a location with an optional subset (<c>{location_id, charger_ids?}</c>).
/// Single-target commands take only the first; the fan-out commands take either, as a <c>oneOf</c>.
/// One C# body type serves both kinds of route (<c>ConnectorCommandRequest</c> for clear-fault and the
/// connector fan-outs), so a single-target route with a shared body gets its own copy of the body schema.
/// </summary>
internal static class CommandTargets
{
    public const string ChargerTarget = "ChargerTarget";
    public const string LocationTarget = "LocationTarget";

    /// <summary>Operation id → the body component it gets when the shared C# type's component is a fan-out's.</summary>
    private static readonly Dictionary<string, string> SingleTargetCopies = new(StringComparer.Ordinal)
    {
        ["commands_clear_fault"] = "ClearFaultCommandRequest",
    };

    public static void Apply(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        schemas[ChargerTarget] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One charger, by its id (dep-…) or identity.",
            Required = new HashSet<string> { "charger_id" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["charger_id"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, Description = "A charger id (dep-…) or identity of the tenant." },
            },
            AdditionalPropertiesAllowed = false,
        };
        schemas[LocationTarget] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A location's chargers: all of them, or the ones named in charger_ids (others are reported in failed[]).",
            Required = new HashSet<string> { "location_id" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["location_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "A location of the tenant." },
                ["charger_ids"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    MinItems = 1,
                    MaxItems = CommandRules.MaxTargets,
                    Description = $"Optional subset: 1–{CommandRules.MaxTargets} charger ids or identities.",
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, Pattern = @"\S" },
                },
            },
            AdditionalPropertiesAllowed = false,
        };

        var singleBodies = new HashSet<string>(StringComparer.Ordinal);
        var unifiedBodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, body) in CommandBodies(document))
        {
            var kind = KindOf(id);
            var component = body.Reference.Id!;
            if (kind is null || kind.Value.IsSingleTarget() || id == "commands_proxy_message")
            {
                singleBodies.Add(component);
            }
            else
            {
                unifiedBodies.Add(component);
            }
        }

        foreach (var (id, media) in CommandMedia(document))
        {
            var component = ((OpenApiSchemaReference)media.Schema!).Reference.Id!;
            if (unifiedBodies.Contains(component) && SingleTargetCopies.TryGetValue(id, out var copy))
            {
                schemas[copy] = ((OpenApiSchema)schemas[component]).CreateShallowCopy();
                ((OpenApiSchema)schemas[copy]).Properties = new Dictionary<string, IOpenApiSchema>(((OpenApiSchema)schemas[component]).Properties!);
                media.Schema = new OpenApiSchemaReference(copy, document);
                singleBodies.Remove(component);
                singleBodies.Add(copy);
            }
        }

        foreach (var name in singleBodies.Concat(unifiedBodies))
        {
            if (schemas[name] is OpenApiSchema body && body.Properties is { } properties && properties.ContainsKey("target"))
            {
                properties["target"] = unifiedBodies.Contains(name) ? Unified(document) : new OpenApiSchemaReference(ChargerTarget, document);
                body.Required ??= new HashSet<string>(StringComparer.Ordinal);
                body.Required.Add("target");
            }
        }

        schemas.Remove("CommandTargetRequest");
    }

    /// <summary>
    /// Either shape, written inline in each fan-out body rather than as a component of its own: NSwag 14.8
    /// generates a reference to a type it never writes for a <c>$ref</c> to a schema that is only a
    /// <c>oneOf</c> (the client does not compile), and types an inline one as its first alternative.
    /// </summary>
    private static OpenApiSchema Unified(OpenApiDocument document) => new()
    {
        Description = "One charger, or a location's chargers (exactly one of charger_id and location_id).",
        OneOf = [new OpenApiSchemaReference(ChargerTarget, document), new OpenApiSchemaReference(LocationTarget, document)],
    };

    /// <summary>The simulator command of a route id (<c>commands_plug_connector</c> → PlugConnector), or null for proxy-message.</summary>
    public static CommandKind? KindOf(string operationId)
    {
        var wire = operationId["commands_".Length..];
        return Enum.GetValues<CommandKind>().Select(k => (CommandKind?)k).FirstOrDefault(k => k!.Value.EventType() == wire);
    }

    private static IEnumerable<(string Id, OpenApiSchemaReference Body)> CommandBodies(OpenApiDocument document) =>
        CommandMedia(document).Select(m => (m.Id, (OpenApiSchemaReference)m.Media.Schema!));

    private static IEnumerable<(string Id, OpenApiMediaType Media)> CommandMedia(OpenApiDocument document)
    {
        foreach (var item in document.Paths.Values)
        {
            foreach (var operation in (item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
            {
                if (operation.OperationId is { } id && id.StartsWith("commands_", StringComparison.Ordinal)
                    && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true
                    && media.Schema is OpenApiSchemaReference)
                {
                    yield return (id, (OpenApiMediaType)media);
                }
            }
        }
    }
}
