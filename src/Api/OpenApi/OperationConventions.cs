using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OcppLab.Api.OpenApi;

/// <summary>
/// Declares on each operation the errors it can return (problem details), describes the common
/// parameters, keeps JSON as the only request body type, and attaches examples.
/// </summary>
internal static class OperationConventions
{
    private static readonly Dictionary<string, string> ParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["charger_id"] = "The charger deployment id (dep-…) returned by the charger endpoints.",
        ["location_id"] = "A location id (UUID).",
        ["job_id"] = "A bulk job id (UUID).",
        ["brand_slug"] = "A catalog brand, e.g. abb.",
        ["model_slug"] = "A catalog model of the brand, e.g. terra-184.",
        ["page"] = "Page number, from 1 (default 1).",
        ["limit"] = "Items per page: 1–100 (default 50); for logs 1–1000 (default 1000).",
        ["offset"] = "Zero-based offset into the filtered log entries (default 0).",
        ["start_date"] = "Optional inclusive start timestamp (RFC 3339).",
        ["end_date"] = "Optional inclusive end timestamp (RFC 3339).",
        ["event"] = "Optional OCPP action filter such as Authorize or BootNotification (exact match).",
        ["charger_ids"] = "Repeat to name chargers (ids or identities).",
    };

    /// <summary>Operations that may answer 409 (a state or uniqueness conflict).</summary>
    private static readonly HashSet<string> Conflicts = new(StringComparer.Ordinal)
    {
        "chargers_create", "chargers_start", "chargers_stop", "chargers_restart", "chargers_get_stats", "locations_delete",
        "commands_proxy_message", "commands_configuration", "commands_cache_reset", "commands_local_auth_list",
        "commands_clear_local_auth_list", "commands_inject_fault", "commands_clear_fault",
    };

    public static void Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var id = operation.OperationId ?? string.Empty;
        var document = context.Document!;
        var hasBody = operation.RequestBody is not null;
        var pathParameters = context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var queryParameters = context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Query");

        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter concrete && concrete.Name is { } name && ParameterDescriptions.TryGetValue(name, out var text))
            {
                concrete.Description ??= text;
                if (name is "start_date" or "end_date" && concrete.Schema is OpenApiSchema schema)
                {
                    schema.Format = "date-time";
                }
            }
        }

        if (operation.RequestBody is OpenApiRequestBody body && body.Content is { } content)
        {
            foreach (var mediaType in content.Keys.Where(k => k != "application/json").ToList())
            {
                content.Remove(mediaType);
            }
        }

        operation.Responses ??= new OpenApiResponses();
        if (hasBody)
        {
            Add(operation, document, "400", "The body is not valid JSON.", OpenApiSetup.ProblemSchema);
            Add(operation, document, "415", "The body is not application/json.", OpenApiSetup.ProblemSchema);
        }

        Add(operation, document, "401", "No valid bearer token (missing, expired, wrongly signed, wrong audience, no org_id).", OpenApiSetup.ProblemSchema);
        Add(operation, document, "403", "The token may not act here (a user token with X-Organization-Id, an admin token without it).", OpenApiSetup.ProblemSchema);
        if (pathParameters || id.StartsWith("commands_", StringComparison.Ordinal))
        {
            Add(operation, document, "404", "No such resource in this tenant (another tenant's resource is a 404 too).", OpenApiSetup.ProblemSchema);
        }

        if (Conflicts.Contains(id))
        {
            Add(operation, document, "409", "The request conflicts with the current state (not connected, busy, not READY, a duplicate …).", OpenApiSetup.ProblemSchema);
        }

        if (hasBody || queryParameters)
        {
            Add(operation, document, "422", "One or more fields are invalid; `errors` lists them by snake_case path.", OpenApiSetup.ValidationProblemSchema);
        }

        Add(operation, document, "429", "Too many requests for this tenant; retry after the Retry-After header's seconds.", OpenApiSetup.ProblemSchema);
        Add(operation, document, "500", "An unexpected error; quote the trace_id.", OpenApiSetup.ProblemSchema);
        if (id == "commands_proxy_message")
        {
            Add(operation, document, "504", "The CSMS did not answer in time.", OpenApiSetup.ProblemSchema);
        }

        Examples.Apply(operation, id);
    }

    private static void Add(OpenApiOperation operation, OpenApiDocument document, string status, string description, string schema)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            },
        };
    }
}
