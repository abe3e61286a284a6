using System.Security.Cryptography;

namespace OcppLab.Domain.Common;

/// <summary>Identifier formats of the contract: <c>dep-</c> chargers, <c>wfr_</c> workflow runs, 12-hex commands.</summary>
public static class Ids
{
    public static string NewChargerId() => "dep-" + RandomHex(12);

    public static string NewWorkflowRunId() => "wfr_" + RandomHex(16);

    public static string NewCommandId() => RandomHex(12);

    public static string RandomHex(int length)
    {
        Span<byte> bytes = stackalloc byte[(length + 1) / 2];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }
}
