using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace OcppLab.Api.Auth;

/// <summary>The local symmetric signing key: configured, or generated once into a file under ./data.</summary>
public static class SigningKeys
{
    public const int MinimumKeyBytes = 32;

    public static SymmetricSecurityKey Resolve(AuthOptions options)
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

        return new SymmetricSecurityKey(LoadOrCreate(Path.GetFullPath(options.SigningKeyFile))) { KeyId = "local" };
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Two processes starting at once must agree on one key: the first move wins.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temp);
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}
