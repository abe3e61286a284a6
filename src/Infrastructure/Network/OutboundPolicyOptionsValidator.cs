using Microsoft.Extensions.Options;

namespace OcppLab.Infrastructure.Network;

/// <summary>
/// Rejects a malformed entry at start-up (ValidateOnStart), naming its key: a typo in a deny list
/// would otherwise silently protect nothing.
/// </summary>
public sealed class OutboundPolicyOptionsValidator : IValidateOptions<OutboundPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboundPolicyOptions options)
    {
        var errors = Problems(nameof(OutboundPolicyOptions.Allow), options.Allow)
            .Concat(Problems(nameof(OutboundPolicyOptions.Deny), options.Deny))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Problems(string list, List<string> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!OutboundRule.TryParse(entries[i], out _, out var error))
            {
                yield return $"{OutboundPolicyOptions.SectionName}:{list}:{i}: {error}.";
            }
        }
    }
}
