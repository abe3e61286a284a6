namespace OcppLab.Api.Auth;

/// <summary>
/// Section <c>Auth</c>. Production: set <see cref="Authority"/> (the issuer's OpenID configuration
/// and JWKS are fetched from it) and <see cref="Audience"/>. Local: tokens are signed with a
/// symmetric key — <see cref="SigningKey"/>, or a random key generated once into <see cref="SigningKeyFile"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public string? Authority { get; set; }

    public string Audience { get; set; } = "ocpplab-gateway";

    /// <summary>Issuer of locally minted tokens (ignored when <see cref="Authority"/> is set).</summary>
    public string Issuer { get; set; } = "ocpplab-local";

    /// <summary>Symmetric signing key (at least 32 characters). Empty: use <see cref="SigningKeyFile"/>.</summary>
    public string? SigningKey { get; set; }

    public string SigningKeyFile { get; set; } = "data/jwt-signing.key";

    /// <summary>Lifetime of a minted token when --expires-minutes is not given.</summary>
    public int DefaultTokenLifetimeMinutes { get; set; } = 24 * 60;

    /// <summary>Set false only for a local Authority over plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
