using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OcppLab.Api.OpenApi;

/// <summary>
/// Makes every component schema say what the wire carries. The serializer writes every property
/// (<c>DefaultIgnoreCondition = Never</c>) unless it is marked <c>WhenWritingNull</c>, so a response
/// property is <c>required</c> unless it is left out when null, and it may be null exactly when its
/// C# type is nullable (<see cref="NullabilityInfoContext"/>). Request bodies are required and
/// bounded as their validators say (<see cref="ValidatorConstraints"/>). A nullable reference to a
/// component is <c>oneOf [$ref, {type: null}]</c> so that shared enum schemas never list <c>null</c> (the two
/// alternatives are disjoint; NSwag 14.8 reads only this form as a nullable reference, an <c>anyOf</c> there
/// becomes an empty class).
/// </summary>
internal sealed class WireSchemas
{
    /// <summary>Request DTOs live here: their presence rules come from the validators, not from the serializer.</summary>
    private const string RequestNamespace = "OcppLab.Api.Contracts";

    private readonly ConcurrentDictionary<string, JsonTypeInfo> _types = new(StringComparer.Ordinal);

    /// <summary>Schema transformer: remembers which CLR type each component schema is.</summary>
    public void Record(OpenApiSchemaTransformerContext context)
    {
        // Also called for property schemas: then JsonTypeInfo is the property's type, which may be a
        // component only ever used as a property.
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            var id = OpenApiOptions.CreateDefaultSchemaReferenceId(context.JsonTypeInfo);
            if (id is not null)
            {
                _types.TryAdd(id, context.JsonTypeInfo);
            }
        }
    }

    /// <summary>Document transformer: presence, nullability, closed sets and free-form objects on every component.</summary>
    public void Apply(OpenApiDocument document, IServiceProvider services)
    {
        var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, value) in schemas)
        {
            if (value is not OpenApiSchema schema)
            {
                continue;
            }

            if (schema.Enum is { Count: > 0 } values)
            {
                // A nullable enum property is oneOf [$ref, null]: the shared enum itself lists only its members.
                foreach (var nullEntry in values.Where(v => v is null).ToList())
                {
                    values.Remove(nullEntry);
                }

                schema.Type = JsonSchemaType.String;
                continue;
            }

            // The problem schemas are written by hand (OpenApiSetup.Describe): an action's
            // ProducesResponseType<ProblemDetails> must not turn them back into the MVC type's shape.
            if (name is OpenApiSetup.ProblemSchema or OpenApiSetup.ValidationProblemSchema)
            {
                continue;
            }

            if (_types.TryGetValue(name, out var info))
            {
                ApplyProperties(schema, info);
            }
        }

        if (schemas.TryGetValue("JsonObject", out var free) && free is OpenApiSchema freeForm)
        {
            MakeFreeForm(freeForm);
        }

        CommandTargets.Apply(document);
        ValidatorConstraints.Apply(document, services);
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                schema.Properties![name] = SplitNullableEnum(property);
            }
        }
    }

    /// <summary>
    /// <c>{"type": ["null", "string"], "enum": [...]}</c> refuses null (null is not a member), and listing
    /// null among the members is what broke the generators: a nullable closed set is
    /// <c>anyOf [{type, enum, …}, {type: null}]</c>.
    /// </summary>
    private static IOpenApiSchema SplitNullableEnum(IOpenApiSchema property)
    {
        if (property is not OpenApiSchema { Enum.Count: > 0, Type: { } type } schema || !type.HasFlag(JsonSchemaType.Null))
        {
            return property;
        }

        var members = (OpenApiSchema)schema.CreateShallowCopy();
        members.Type = type & ~JsonSchemaType.Null;
        members.Description = null;
        return new OpenApiSchema
        {
            Description = schema.Description,
            AnyOf = [members, new OpenApiSchema { Type = JsonSchemaType.Null }],
        };
    }

    /// <summary>An object of any members: <c>additionalProperties: {}</c> (the same as true) so generators give a writable map.</summary>
    public static void MakeFreeForm(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = new OpenApiSchema();
        schema.Properties = null;
    }

    private static void ApplyProperties(OpenApiSchema schema, JsonTypeInfo info)
    {
        if (schema.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        var isRequest = info.Type.Namespace == RequestNamespace;
        schema.Required = new HashSet<string>(StringComparer.Ordinal);
        var nullability = new NullabilityInfoContext();
        foreach (var property in info.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var propertySchema))
            {
                continue;
            }

            var omittedWhenNull = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;

            // Requests: every field is optional and may be sent as null (= not given) until a
            // validator rule says otherwise. Responses: always written, null only where the type allows it.
            var nullable = !omittedWhenNull && IsNullable(property, nullability);
            properties[property.Name] = nullable ? Nullable(propertySchema) : NotNullable(propertySchema);
            if (!isRequest && !omittedWhenNull)
            {
                schema.Required.Add(property.Name);
            }

        }

        if (schema.Required.Count == 0)
        {
            schema.Required = null;
        }
    }

    private static bool IsNullable(JsonPropertyInfo property, NullabilityInfoContext context)
    {
        if (System.Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return true;
        }

        if (property.PropertyType.IsValueType)
        {
            return false;
        }

        return property.AttributeProvider switch
        {
            PropertyInfo p => context.Create(p).ReadState != NullabilityState.NotNull,
            FieldInfo f => context.Create(f).ReadState != NullabilityState.NotNull,
            _ => true,
        };
    }

    /// <summary>The schema, also allowing null: a type array for inline schemas, <c>oneOf [$ref, null]</c> for a component.</summary>
    public static IOpenApiSchema Nullable(IOpenApiSchema schema)
    {
        var inner = Unwrap(schema, out var description);
        if (inner is OpenApiSchemaReference reference)
        {
            // The description goes on the wrapper only.
            description ??= reference.Description;
            return new OpenApiSchema
            {
                Description = description,
                OneOf = [new OpenApiSchemaReference(reference.Reference.Id!, reference.Reference.HostDocument), new OpenApiSchema { Type = JsonSchemaType.Null }],
            };
        }

        var concrete = (OpenApiSchema)inner;
        if (concrete.Type is { } type)
        {
            concrete.Type = type | JsonSchemaType.Null;
        }

        concrete.Description ??= description;
        return concrete;
    }

    /// <summary>The schema without null.</summary>
    public static IOpenApiSchema NotNullable(IOpenApiSchema schema)
    {
        var inner = Unwrap(schema, out var description);
        if (inner is OpenApiSchema concrete)
        {
            if (concrete.Type is { } type)
            {
                concrete.Type = type & ~JsonSchemaType.Null;
            }

            concrete.Description ??= description;
            return concrete;
        }

        if (description is not null && inner is OpenApiSchemaReference reference)
        {
            return new OpenApiSchemaReference(reference.Reference.Id!, reference.Reference.HostDocument) { Description = description };
        }

        return inner;
    }

    /// <summary>The schema under the generator's <c>oneOf [null, X]</c> / our <c>oneOf [X, null]</c> wrapper, with the wrapper's description.</summary>
    private static IOpenApiSchema Unwrap(IOpenApiSchema schema, out string? description)
    {
        description = schema.Description;
        var alternatives = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf;
        if (schema is OpenApiSchema && alternatives is { Count: 2 } && alternatives.Any(IsNullType))
        {
            var other = alternatives.First(a => !IsNullType(a));
            description ??= other.Description;
            return other;
        }

        return schema;
    }

    private static bool IsNullType(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
