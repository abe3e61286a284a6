using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OcppLab.Api.Auth;

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
        ["limit"] = "Items per page: 1–100 (default 50).",
        ["offset"] = "Zero-based offset into the filtered log entries (default 0).",
        ["start_date"] = "Optional inclusive start timestamp (RFC 3339).",
        ["end_date"] = "Optional inclusive end timestamp (RFC 3339).",
        ["event"] = "Optional OCPP action filter such as Authorize or BootNotification (exact match).",
        ["charger_ids"] = "Repeat to name chargers (ids or identities).",
    };

    /// <summary>
    /// Descriptions of the operations whose action has no <c>remarks</c> (kept here rather than on the
    /// controllers so that every operation has one; an action's own remarks win).
    /// </summary>
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["catalog_list_brands"] = "The charger brands of the catalog, by name, one page at a time. The catalog is the same for every tenant.",
        ["catalog_list_models"] = "The models of one brand, with their connectors, power and OCPP versions; 404 for an unknown brand.",
        ["catalog_get_model"] = "One catalog model: its connector types, number of connectors, maximum power and supported OCPP versions.",
        ["chargers_get_status"] = "The provisioning workflow of a charger: its status (PENDING, PROVISIONING, READY, FAILED), each step with its attempts and last error, and when it became READY (null before).",
        ["chargers_get"] = "One charger with its settings and its live runtime (state, boot status, connection and heartbeat times, connectors). Runtime fields are null where nothing is known yet.",
        ["commands_cache_reset"] = "Empties the charger's authorization cache, as a CSMS ClearCache would; answers with the outcome.",
        ["commands_clear_fault"] = "Clears an injected fault: the connector goes back to Available (or Occupied with a cable plugged in).",
        ["commands_plug_connector"] = "Plugs a cable into the connector (status Preparing / Occupied), on one charger or fanned out to a location's chargers.",
        ["commands_unlock_connector"] = "Releases the connector's cable lock locally, as a driver's button would; a running transaction ends.",
        ["commands_stop_transaction"] = "Ends the transaction on the connector with the given stop reason (default Local) and sends its final meter values.",
        ["location_chargers_get_job"] = "A bulk create job: its status, and per charger what was created (with its charger id) or why it failed. Poll until READY or FAILED.",
        ["locations_list"] = "The tenant's locations, one page at a time, oldest first.",
        ["locations_create"] = "Creates a location of the tenant; its slug is derived from the name. Chargers are added with POST /ocpp/chargers (location_id) or in bulk.",
        ["locations_get"] = "One location of the tenant with its address, coordinates, time zone and owner.",
    };

    /// <summary>Operations that may answer 409 (a state or uniqueness conflict).</summary>
    private static readonly HashSet<string> Conflicts = new(StringComparer.Ordinal)
    {
        "chargers_create", "chargers_start", "cluster_rebalance", "chargers_stop", "chargers_restart", "chargers_get_stats", "locations_delete",
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
                concrete.Description ??= name == "limit" && id == "chargers_list_logs" ? "Entries per page: 1–1000 (default 1000)." : text;
                if (name is "start_date" or "end_date" && concrete.Schema is OpenApiSchema schema)
                {
                    schema.Format = "date-time";
                }
            }

            // Arrays in the query are repeated names (?charger_ids=a&charger_ids=b), which is form + explode.
            if (parameter is OpenApiParameter { In: ParameterLocation.Query, Schema: OpenApiSchema { Type: { } type } } array && type.HasFlag(JsonSchemaType.Array))
            {
                // The serializer leaves out values equal to the defaults (form, explode for query): they
                // are written as plain members so that a reader (and generators that guess) sees them.
                array.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                array.Extensions["style"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create("form"));
                array.Extensions["explode"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(true));
            }
        }

        if (string.IsNullOrWhiteSpace(operation.Description) && Descriptions.TryGetValue(id, out var description))
        {
            operation.Description = description;
        }

        var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<AuthorizeAttribute>()
            .LastOrDefault(a => a.Policy is not null)?.Policy;
        var tenantScoped = policy is null or TenantPolicy.TenantScoped;
        if (tenantScoped)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Claims.OrganizationHeader,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Admin tokens only: the tenant to act for. An admin token must send it on this route (403 without it); a user token acts for its own org_id and must not send it (403).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = TenantPolicy.MaxOrganizationIdLength },
            });
        }

        if (operation.RequestBody is OpenApiRequestBody body && body.Content is { } content)
        {
            foreach (var mediaType in content.Keys.Where(k => k != "application/json").ToList())
            {
                content.Remove(mediaType);
            }
        }

        operation.Responses ??= new OpenApiResponses();
        Add(operation, document, "400", hasBody
            ? "The request is malformed: the body is not valid JSON (or not UTF-8), or the web server refused the request line or headers."
            : "The request is malformed: the web server refused the request line or headers (e.g. a percent-encoded NUL in the path).", OpenApiSetup.ProblemSchema);
        if (hasBody)
        {
            Add(operation, document, "413", "The body is larger than the server accepts.", OpenApiSetup.ProblemSchema);
            Add(operation, document, "415", "The body is not application/json (UTF-8).", OpenApiSetup.ProblemSchema);
        }

        Add(operation, document, "401", "No valid bearer token (missing, expired, wrongly signed, wrong audience, no org_id).", OpenApiSetup.ProblemSchema);
        Add(operation, document, "403", policy == TenantPolicy.Operator
            ? "Only an admin token may use this route (a user token is refused)."
            : "The token may not act here (a user token with X-Organization-Id, an admin token without it).", OpenApiSetup.ProblemSchema);
        if (pathParameters || id.StartsWith("commands_", StringComparison.Ordinal))
        {
            Add(operation, document, "404", "No such resource in this tenant (another tenant's resource is a 404 too).", OpenApiSetup.ProblemSchema);
        }

        if (Conflicts.Contains(id))
        {
            Add(operation, document, "409", id == "cluster_rebalance"
                ? "A rebalance is running already (anywhere in the cluster)."
                : "The request conflicts with the current state (not connected, busy, not READY, a duplicate …).", OpenApiSetup.ProblemSchema);
        }

        if (hasBody || queryParameters)
        {
            Add(operation, document, "422", "One or more fields are invalid; `errors` lists them by snake_case path.", OpenApiSetup.ValidationProblemSchema);
        }

        Add(operation, document, "414", "The URL (path and query) is longer than Api:MaxUrlLength (8,192 characters by default).", OpenApiSetup.ProblemSchema);
        Add(operation, document, "429", "Too many requests for this tenant; retry after the Retry-After header's seconds.", OpenApiSetup.ProblemSchema);
        if (operation.Responses["429"] is OpenApiResponse tooMany)
        {
            tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
            tooMany.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before the next request.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
            };
        }

        Add(operation, document, "431", "The request headers are larger than the server accepts (32 KiB).", OpenApiSetup.ProblemSchema);
        Add(operation, document, "500", "An unexpected error; quote the trace_id.", OpenApiSetup.ProblemSchema);
        if (id == "commands_proxy_message")
        {
            Add(operation, document, "504", "The CSMS did not answer in time.", OpenApiSetup.ProblemSchema);
        }

        Examples.Apply(operation, id);

        // A 204 has no body (RFC 9110 §15.3.5): a controller-wide Produces would otherwise give it a JSON
        // content, which strict clients read as a promise of a body.
        if (operation.Responses.TryGetValue("204", out var noContent) && noContent is OpenApiResponse empty)
        {
            empty.Content = null;
        }

        // Statuses in ascending order, wherever they were declared (an attribute or here): the
        // document does not reorder when a status moves from the conventions to an action.
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in ordered)
        {
            operation.Responses[status] = response;
        }
    }

    private static string ReasonPhrase(string status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));

    private static void Add(OpenApiOperation operation, OpenApiDocument document, string status, string description, string schema)
    {
        // An action's own [ProducesResponseType(4xx)] comes with the framework's reason phrase and the
        // controller's application/json: errors are always problem+json, described here.
        if (operation.Responses!.TryGetValue(status, out var declared) && declared is OpenApiResponse own)
        {
            own.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var media in own.Content.Keys.Where(k => k != "application/problem+json").ToList())
            {
                own.Content.Remove(media);
            }

            if (!own.Content.ContainsKey("application/problem+json"))
            {
                own.Content["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) };
            }

            if (string.IsNullOrEmpty(own.Description) || !own.Description.Contains(' ', StringComparison.Ordinal) || own.Description == ReasonPhrase(status))
            {
                own.Description = description;
            }

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
