namespace OcppLab.Api.Auth;

public static class Claims
{
    public const string OrganizationId = "org_id";
    public const string Role = "role";
    public const string UserRole = "user";
    public const string AdminRole = "admin";
    public const string OrganizationHeader = "X-Organization-Id";
}
