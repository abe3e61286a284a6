namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>The authenticated REST routes as "METHOD path", for the tests that walk all of them (401, 403 rules).</summary>
public static class ApiRoutes
{
    /// <summary>The tenant-scoped routes (a user acts for its own organization, an admin names one).</summary>
    public static readonly string[] Tenant =
    [
        "GET /ocpp/chargers",
        "POST /ocpp/chargers",
        "GET /ocpp/chargers/dep-000000000000",
        "GET /ocpp/chargers/dep-000000000000/status",
        "PUT /ocpp/chargers/dep-000000000000",
        "DELETE /ocpp/chargers/dep-000000000000",
        "GET /ocpp/locations",
        "POST /ocpp/locations",
        "GET /ocpp/locations/00000000-0000-0000-0000-000000000001",
        "PUT /ocpp/locations/00000000-0000-0000-0000-000000000001",
        "DELETE /ocpp/locations/00000000-0000-0000-0000-000000000001",
        "GET /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers",
        "POST /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers",
        "DELETE /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers?charger_ids=a",
        "GET /ocpp/locations/00000000-0000-0000-0000-000000000001/chargers/jobs/00000000-0000-0000-0000-000000000002",
    ];

    /// <summary>The catalog routes: the same for every tenant.</summary>
    public static readonly string[] Catalog =
    [
        "GET /ocpp/catalog/brands",
        "GET /ocpp/catalog/brands/abb/models",
        "GET /ocpp/catalog/brands/abb/models/terra-184",
    ];

    /// <summary>Every authenticated route: the tenant routes, then the catalog.</summary>
    public static readonly string[] All = [.. Tenant, .. Catalog];
}
