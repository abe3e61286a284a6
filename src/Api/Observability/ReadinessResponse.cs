using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Api.Observability;

/// <summary>
/// The body of <c>/health/ready</c>: the database check's status and this gateway's role for the
/// charger runtime. A standby is ready (it serves the API); the body says it runs no chargers and
/// who does, so a load balancer or an operator can tell the two gateways apart.
/// </summary>
public static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var ownership = context.RequestServices.GetRequiredService<RuntimeOwnership>().Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(
            new Body(
                report.Status.ToString(),
                ownership.IsOwner ? "owner" : "standby",
                ownership.NodeId,
                ownership.Owner,
                ownership.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            context.RequestAborted);
    }

    private sealed record Body(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("runtime")] string Runtime,
        [property: JsonPropertyName("node")] string Node,
        [property: JsonPropertyName("owner")] string? Owner,
        [property: JsonPropertyName("lease_expires_at")] string? LeaseExpiresAt);
}
