namespace OcppLab.Domain.Chargers;

/// <summary>
/// The charge-point identity: the last segment of the CSMS URL and the Basic-auth user name,
/// so 1–48 characters, no ':' and only characters that need no escaping in a URL path.
/// </summary>
public static class ChargerIdentity
{
    public const int MaxLength = 48;
    private const string AllowedPunctuation = "-_.~*=+|@";

    public static bool IsValid(string? identity) =>
        !string.IsNullOrEmpty(identity)
        && identity.Length <= MaxLength
        && identity.All(IsAllowed);

    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || AllowedPunctuation.Contains(c);
}
