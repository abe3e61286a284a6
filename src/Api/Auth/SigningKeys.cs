using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Api.Auth;

/// <summary>The local symmetric signing key: configured, or generated once into a file under ./data.</summary>
public static class SigningKeys
{
    public const int MinimumKeyBytes = 32;

    /// <summary>The configured key, or the generated one (created 0600 on first use; an existing file readable by others is tightened and <paramref name="logger"/> told).</summary>
    public static SymmetricSecurityKey Resolve(AuthOptions options, ILogger? logger = null)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
            if (bytes.Length < MinimumKeyBytes)
            {
                throw new InvalidOperationException($"Auth:SigningKey must be at least {MinimumKeyBytes} bytes long.");
            }

            return new SymmetricSecurityKey(bytes) { KeyId = "local" };
        }

        return new SymmetricSecurityKey(LoadOrCreate(Path.GetFullPath(options.SigningKeyFile), logger)) { KeyId = "local" };
    }

    private static byte[] LoadOrCreate(string path, ILogger? logger)
    {
        if (File.Exists(path))
        {
            if (PrivateFiles.Restrict(path))
            {
                logger?.LogWarning("The signing key {File} was readable by other users; it is now owner-only (0600)", path);
            }

            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        PrivateFiles.CreateFolder(Path.GetDirectoryName(path)!);

        // Written through a temporary file that is 0600 from the start: two processes starting at once
        // must agree on one key, so the first move wins and the other reads the winner's.
        PrivateFiles.TryWriteNew(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}
