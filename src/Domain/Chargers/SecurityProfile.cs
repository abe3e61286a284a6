namespace OcppLab.Domain.Chargers;

/// <summary>OCPP security profiles (1.6 security whitepaper §2, 2.0.1 Part 2 A00).</summary>
public static class SecurityProfile
{
    public const int None = 0;
    public const int BasicAuth = 1;
    public const int TlsBasicAuth = 2;
    public const int TlsClientCertificate = 3;

    public const int AuthorizationKeyMinLength = 16;
    public const int AuthorizationKeyMaxLength = 40;

    public static bool NeedsAuthorizationKey(int profile) => profile is BasicAuth or TlsBasicAuth;

    public static bool NeedsTls(int profile) => profile is TlsBasicAuth or TlsClientCertificate;
}
