using FluentValidation;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Chargers;

/// <summary>Field rules shared by charger create, update and bulk create.</summary>
public static class ChargerRules
{
    public const int MaxNameLength = 100;

    public static IRuleBuilderOptions<T, string?> ValidIdentity<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(ChargerIdentity.IsValid)
            .WithMessage($"identity must be 1–{ChargerIdentity.MaxLength} characters of letters, digits and -_.~*=+|@ (no ':').");

    public static IRuleBuilderOptions<T, string?> ValidWsUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsWebSocketUrl).WithMessage("ws_url must be an absolute ws:// or wss:// URL without a fragment.");

    public static IRuleBuilderOptions<T, string?> ValidOcppVersion<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || OcppVersions.TryParse(v, out _))
            .WithMessage("ocpp_version must be OCPP1.6 or OCPP2.0.1 (ocpp1.6 / ocpp2.0.1 also accepted).");

    public static IRuleBuilderOptions<T, int?> ValidSecurityProfile<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(p => p is null or (>= SecurityProfile.None and <= SecurityProfile.TlsClientCertificate))
            .WithMessage("security_profile must be 0, 1, 2 or 3.")
            .Must(p => p != SecurityProfile.TlsClientCertificate)
            .WithMessage("security_profile 3 (TLS with client certificates) is not supported yet; use 0, 1 or 2.");

    public static IRuleBuilderOptions<T, string?> ValidAuthorizationKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Length(SecurityProfile.AuthorizationKeyMinLength, SecurityProfile.AuthorizationKeyMaxLength)
            .WithMessage($"authorization_key must be {SecurityProfile.AuthorizationKeyMinLength}–{SecurityProfile.AuthorizationKeyMaxLength} characters.");

    public static bool IsWebSocketUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == "ws" || uri.Scheme == "wss")
        && string.IsNullOrEmpty(uri.Fragment)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>
    /// The rules that depend on several fields at once, applied to the charger's settings as they
    /// will be after the change. Returns (field, message) pairs.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> ConnectionProblems(string wsUrl, int securityProfile, string? authorizationKey)
    {
        if (SecurityProfile.NeedsAuthorizationKey(securityProfile) && string.IsNullOrEmpty(authorizationKey))
        {
            yield return ("authorization_key", $"authorization_key is required for security_profile {securityProfile}.");
        }

        if (SecurityProfile.NeedsTls(securityProfile) && !wsUrl.StartsWith("wss://", StringComparison.OrdinalIgnoreCase))
        {
            yield return ("ws_url", $"security_profile {securityProfile} needs a wss:// URL.");
        }
    }
}
