using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace OcppLab.Api.OpenApi;

/// <summary>
/// The OpenAPI document: complete enough to generate a working client (stable operation ids,
/// every error response declared with the problem-details schema, examples, enums as strings).
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "ValidationProblemDetails";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services)
    {
        var wire = new WireSchemas();
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, context, _) =>
            {
                wire.Apply(document, context.ApplicationServices);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                FixSchema(schema, context);
                wire.Record(context);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                OperationConventions.Apply(operation, context);
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapGatewayOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("OcppLab Gateway API").WithOpenApiRoutePattern(DocumentPath)).AllowAnonymous();
        return app;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OcppLab Gateway API",
            Version = "v1",
            Description = """
                Provision and drive fleets of simulated OCPP 1.6-J and 2.0.1 charge points. Every route but the
                health probes needs a bearer JWT with `org_id` and `role` (`user` | `admin`; an admin names the
                tenant with `X-Organization-Id` on tenant-scoped routes; the cluster routes take admin tokens only). Errors are RFC 9457 problem details; a 422 lists each bad field
                by its snake_case path in `errors`.
                """,
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-OcppLab-Proprietary" },
            Contact = new OpenApiContact { Name = "OcppLab Gateway maintainers" },
        };

        // A fixed entry, not the host the document is served from (the committed snapshot is compared
        // with it): the quickstart's address. Generated clients take the base URL as a setting anyway.
        document.Servers =
        [
            new OpenApiServer { Url = "http://127.0.0.1:5080", Description = "A local gateway, as started in the README quickstart." },
        ];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT with org_id and role (user | admin) claims.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem: what went wrong, with the trace id to quote when reporting it.",

            // ProblemWriter.Customize fills title and trace_id on every problem; members without a value are left out, never null.
            Required = new HashSet<string> { "title", "status", "trace_id" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference identifying the problem type." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the problem type." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for a human." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id." },
            },
        };
        document.Components.Schemas[ValidationProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A 422: the problem plus every invalid field, keyed by its snake_case path.",
            Required = new HashSet<string> { "title", "status", "trace_id", "errors" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Messages per field path, e.g. {\"ws_url\": [\"ws_url must be an absolute ws:// or wss:// URL …\"]}.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };

        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Chargers", Description = "Charger deployments: create, provision, run, and read their OCPP logs." },
            new() { Name = "Locations", Description = "Sites that group chargers." },
            new() { Name = "Location chargers", Description = "A location's chargers in bulk: list, create (durable job), delete." },
            new() { Name = "Commands", Description = "Simulator commands and the OCPP message proxy." },
            new() { Name = "Catalog", Description = "Charger brands and models (read-only, not tenant-scoped)." },
            new() { Name = "Cluster", Description = "The gateway's nodes and their chargers, and rebalancing the fleet over them (admin tokens only, not tenant-scoped)." },
        };
    }

    private static void FixSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        // A custom converter writes DateTimeOffset (RFC 3339 with Z): the generator then knows the format but not the type.
        if (schema.Format == "date-time" && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
        }

        // String enums (JsonStringEnumMemberName) come without a type; generators want "string".
        if (schema.Enum is { Count: > 0 } && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
        }

        var type = context.JsonTypeInfo.Type;
        if (type == typeof(JsonObject) || type == typeof(JsonNode))
        {
            schema.Type = JsonSchemaType.Object;
            schema.AdditionalPropertiesAllowed = true;
            schema.Description ??= "Any JSON object (an OCPP payload, in OCPP's own spelling).";
        }

        // Properties left out when null are not required.
        if (schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                    .OfType<JsonIgnoreAttribute>().FirstOrDefault();
                if (ignore?.Condition == JsonIgnoreCondition.WhenWritingNull)
                {
                    required.Remove(property.Name);
                }
            }
        }
    }
}
