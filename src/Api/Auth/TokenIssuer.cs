using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OcppLab.Api.Auth;

/// <summary>Mints tokens signed with the local key (the mint-token command, and tests).</summary>
public sealed class TokenIssuer(AuthOptions options, TimeProvider time)
{
    private readonly SymmetricSecurityKey _key = SigningKeys.Resolve(options);

    public string Mint(string organizationId, string role, TimeSpan? lifetime = null, string? subject = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(options.DefaultTokenLifetimeMinutes)),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, subject ?? $"{role}@{organizationId}"),
                new Claim(Claims.OrganizationId, organizationId),
                new Claim(Claims.Role, role),
            ]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
