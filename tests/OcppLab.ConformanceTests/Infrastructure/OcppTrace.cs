using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Infrastructure;

/// <summary>A CALL as the peer recorded it, with the answer it got (matched by message id on the same connection).</summary>
/// <param name="Index">Position of the CALL frame among all recorded frames of the identity.</param>
/// <param name="AnswerIndex">Position of the answer frame, or -1 while unanswered.</param>
public sealed record TracedCall(
    string Direction,
    string Id,
    string Action,
    JsonObject Payload,
    DateTimeOffset Time,
    int Connection,
    int Index,
    JsonArray? Answer,
    DateTimeOffset? AnsweredAt,
    int AnswerIndex)
{
    public bool FromChargePoint => Direction == FrameDirection.CpToCsms;

    /// <summary>The CALLRESULT payload, or null (unanswered, or a CALLERROR).</summary>
    public JsonObject? Result => Answer is [JsonValue type, _, JsonObject payload] && type.GetValue<int>() == 3 ? payload : null;

    /// <summary>The CALLERROR code, or null.</summary>
    public string? ErrorCode => Answer is [JsonValue type, _, JsonValue code, ..] && type.GetValue<int>() == 4 ? code.GetValue<string>() : null;

    public string? Str(string property) => Payload[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public int? Int(string property) => Payload[property] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public override string ToString() => $"#{Connection} [{Index}] {(FromChargePoint ? "CP→" : "CSMS→")} {Action} {Payload.ToJsonString()} => {Answer?.ToJsonString() ?? "(no answer)"}";
}

/// <summary>The frames the peer recorded for one identity, as CALLs paired with their answers.</summary>
public sealed class OcppTrace
{
    public OcppTrace(IReadOnlyList<PeerFrame> frames)
    {
        Frames = frames;
        var calls = new List<TracedCall>();
        var open = new Dictionary<(string Direction, int Connection, string Id), int>();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.TryParse() is not { } array || array.Count < 3 || array[0] is not JsonValue typeValue || !typeValue.TryGetValue<int>(out var type)
                || array[1] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id))
            {
                continue;
            }

            if (type == 2 && array.Count == 4 && array[2] is JsonValue actionValue && actionValue.TryGetValue<string>(out var action))
            {
                open[(frame.Direction, frame.Connection, id)] = calls.Count;
                calls.Add(new TracedCall(frame.Direction, id, action, array[3] as JsonObject ?? [], frame.Time, frame.Connection, i, null, null, -1));
            }
            else if (type is 3 or 4)
            {
                // An answer travels the other way from its CALL.
                var callDirection = frame.Direction == FrameDirection.CpToCsms ? FrameDirection.CsmsToCp : FrameDirection.CpToCsms;
                if (open.Remove((callDirection, frame.Connection, id), out var at))
                {
                    calls[at] = calls[at] with { Answer = array, AnsweredAt = frame.Time, AnswerIndex = i };
                }
            }
        }

        Calls = calls;
    }

    public IReadOnlyList<PeerFrame> Frames { get; }

    /// <summary>Every CALL of both sides, in the order the peer saw them.</summary>
    public IReadOnlyList<TracedCall> Calls { get; }

    /// <summary>The charge point's CALLs, in order.</summary>
    public IReadOnlyList<TracedCall> CpCalls => Calls.Where(c => c.FromChargePoint).ToList();

    public IReadOnlyList<TracedCall> CsmsCalls => Calls.Where(c => !c.FromChargePoint).ToList();

    /// <summary>The charge point's CALLs of one action, in order.</summary>
    public IReadOnlyList<TracedCall> Cp(string action) => Calls.Where(c => c.FromChargePoint && c.Action == action).ToList();

    /// <summary>The CSMS's CALLs of one action, in order.</summary>
    public IReadOnlyList<TracedCall> Csms(string action) => Calls.Where(c => !c.FromChargePoint && c.Action == action).ToList();

    /// <summary>The charge point's CALLs after the frame at <paramref name="index"/>.</summary>
    public IReadOnlyList<TracedCall> CpAfter(int index) => Calls.Where(c => c.FromChargePoint && c.Index > index).ToList();

    public int LastConnection => Frames.Count == 0 ? 0 : Frames.Max(f => f.Connection);

    public override string ToString() => string.Join('\n', Frames.Select((f, i) => $"[{i}] {f.Time:HH:mm:ss.fff} {f}"));
}
