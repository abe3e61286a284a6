using FluentValidation;
using OcppLab.Application.Abstractions;
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

    /// <summary>
    /// An absolute ws:// or wss:// URL the gateway may connect to. Checked in order, the first
    /// failure is the only message: no control, invisible formatting or whitespace characters
    /// (a raw newline would reach logs and headers; .NET's Uri silently trims some of them), the URL
    /// shape, no user information (credentials belong in authorization_key, and a userinfo@ prefix
    /// is a classic way to disguise the real host), and the outbound policy for what can be decided
    /// without DNS (a literal address, a denied name; names are checked again on every connect).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> ValidWsUrl<T>(this IRuleBuilderInitial<T, string?> rule, IOutboundPolicy policy) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => FirstControl(v) < 0)
            .WithMessage((_, v) => $"ws_url must not contain control or invisible formatting characters ({Describe(v!, FirstControl(v))}).")
            .Must(v => FirstWhiteSpace(v) < 0)
            .WithMessage((_, v) => $"ws_url must not contain whitespace ({Describe(v!, FirstWhiteSpace(v))}); percent-encode it in the path or query.")
            .Must(IsWebSocketUrl).WithMessage("ws_url must be an absolute ws:// or wss:// URL without a fragment.")
            .Must(v => !HasUserInfo(v))
            .WithMessage("ws_url must not contain user information (user:password@); for Basic auth use security_profile 1 or 2 with authorization_key.")
            .Must(v => v is null || policy.AllowsHost(new Uri(v).Host))
            .WithMessage((_, v) => $"ws_url targets {new Uri(v!).Host}, which the outbound policy denies (Ocpp:OutboundPolicy).");

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

    /// <summary>The index of the first control (Unicode Cc, incl. NUL, BEL, ESC, CR, LF, TAB, DEL) or format (Cf, e.g. U+202E) character, or -1.</summary>
    public static int FirstControl(string? value) =>
        value is null ? -1 : value.AsSpan().IndexOfAny(ControlOrFormat);

    /// <summary>The index of the first white-space character (any Unicode space or line separator), or -1.</summary>
    public static int FirstWhiteSpace(string? value)
    {
        for (var i = 0; value is not null && i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the authority has a <c>user[:password]@</c> part, an empty one (<c>ws://@host</c>) included.</summary>
    public static bool HasUserInfo(string? value)
    {
        if (value is null || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return true;
        }

        var start = value.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var authority = value.AsSpan(start + 3);
        var end = authority.IndexOfAny('/', '?', '#');
        return (end < 0 ? authority : authority[..end]).Contains('@');
    }

    private static readonly System.Buffers.SearchValues<char> ControlOrFormat = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i)
            .Where(c => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format)
            .ToArray());

    /// <summary>"U+000A at position 17": names the character without echoing it.</summary>
    private static string Describe(string value, int index) => $"U+{(int)value[index]:X4} at position {index}";

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
