using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>Hand-made tokens, for the ways a token can be wrong.</summary>
public static class TestTokens
{
    public static string Create(
        string? organizationId = "org-token",
        string? role = "user",
        string issuer = GatewayFactory.Issuer,
        string audience = GatewayFactory.Audience,
        string signingKey = GatewayFactory.SigningKey,
        DateTime? notBefore = null,
        DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, "someone") };
        if (organizationId is not null)
        {
            claims.Add(new Claim("org_id", organizationId));
        }

        if (role is not null)
        {
            claims.Add(new Claim("role", role));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(10),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)) { KeyId = "local" }, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static string Expired() =>
        Create(notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1));

    public static string WrongSignature() => Create(signingKey: "another-key-that-is-long-enough-0123456789abcdef");

    public static string WrongAudience() => Create(audience: "someone-else");

    public static string WrongIssuer() => Create(issuer: "evil-issuer");

    public static string WithoutOrganization() => Create(organizationId: null);

    public static string WithRole(string role) => Create(role: role);
}
