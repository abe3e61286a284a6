using System.Text;
using System.Text.RegularExpressions;

namespace OcppLab.Infrastructure.Ocpp.Framing;

/// <summary>What the log says about a frame too large to read: whatever its first bytes name, and its size.</summary>
public static partial class OversizedFrame
{
    /// <summary>The message id and, for a CALL, the action, when the start of the frame gives them.</summary>
    public static (string? Action, string? MessageId) Describe(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head);
        var call = CallHead().Match(text);
        if (call.Success)
        {
            return (call.Groups["action"].Value, call.Groups["id"].Value);
        }

        var answer = AnswerHead().Match(text);
        return answer.Success ? (null, answer.Groups["id"].Value) : (null, null);
    }

    /// <summary>The stored message: not the frame (it was not read), a sentence with its size.</summary>
    public static string LogText(long bytes, int max) =>
        $"(frame not stored: at least {bytes} bytes, over the {max}-byte limit Ocpp:MaxFrameBytes; the connection was closed with 1009)";

    [GeneratedRegex("""^\s*\[\s*2\s*,\s*"(?<id>[^"\\]{1,64})"\s*,\s*"(?<action>[A-Za-z0-9]{1,64})"\s*,""")]
    private static partial Regex CallHead();

    [GeneratedRegex("""^\s*\[\s*[34]\s*,\s*"(?<id>[^"\\]{1,64})"\s*,""")]
    private static partial Regex AnswerHead();
}
