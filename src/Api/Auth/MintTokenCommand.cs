using Microsoft.Extensions.Configuration;

namespace OcppLab.Api.Auth;

/// <summary>
/// <c>mint-token --org &lt;org_id&gt; --role &lt;user|admin&gt; [--expires-minutes N]</c>: prints a token signed
/// with the configured local key, and nothing else on stdout. Errors go to stderr with exit code 2.
/// </summary>
public static class MintTokenCommand
{
    public const string Name = "mint-token";

    public static int Run(string[] args, IConfiguration configuration, TextWriter stdout, TextWriter stderr)
    {
        string? org = null;
        string? role = null;
        int? minutes = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--org" when value is not null:
                    org = value;
                    i++;
                    break;
                case "--role" when value is not null:
                    role = value;
                    i++;
                    break;
                case "--expires-minutes" when value is not null && int.TryParse(value, out var m) && m > 0:
                    minutes = m;
                    i++;
                    break;
                default:
                    return Usage(stderr, $"unexpected or invalid argument '{args[i]}'");
            }
        }

        if (string.IsNullOrWhiteSpace(org))
        {
            return Usage(stderr, "--org is required");
        }

        if (role is not (Claims.UserRole or Claims.AdminRole))
        {
            return Usage(stderr, "--role must be user or admin");
        }

        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var issuer = new TokenIssuer(options, TimeProvider.System);
        stdout.WriteLine(issuer.Mint(org, role, minutes is null ? null : TimeSpan.FromMinutes(minutes.Value)));
        return 0;
    }

    private static int Usage(TextWriter stderr, string problem)
    {
        stderr.WriteLine($"mint-token: {problem}");
        stderr.WriteLine("usage: mint-token --org <org_id> --role <user|admin> [--expires-minutes N]");
        return 2;
    }
}
