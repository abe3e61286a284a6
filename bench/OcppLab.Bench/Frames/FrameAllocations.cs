using System.Text;
using OcppLab.Bench.Common;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16;
using OcppLab.Infrastructure.Ocpp.V201;

namespace OcppLab.Bench.Frames;

/// <summary>
/// Bytes allocated per CP→CSMS frame (issue 11 item 5): the protocol builds the call, the outbox writes the
/// frame as the session does (the bytes for the socket and the text for the frame log), and the CSMS's
/// CALLRESULT is parsed and handed to the call's OnResult. No socket: what is measured is the per-frame work
/// of the gateway's send path, on one thread (GC.GetAllocatedBytesForCurrentThread), averaged over many frames.
/// </summary>
internal static class FrameAllocations
{
    public static int Run(BenchOptions options)
    {
        var rounds = options.Int("rounds", 20_000);
        Console.WriteLine("| version | message | bytes allocated per send+answer | µs per send+answer |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var version in new[] { OcppVersion.V16, OcppVersion.V201 })
        {
            var session = new BenchSession(version);
            var connector = session.Model.Connectors[0];
            var reading = session.Model.Read(connector, "Sample.Periodic");
            Measure(version, "Heartbeat", rounds, () => session.Protocol.Heartbeat(), """{"currentTime":"2026-03-02T08:00:00.000Z"}""");
            // Alternating, so each is a change of the reported status (2.0.1 sends only those).
            var flip = false;
            Measure(version, "StatusNotification", rounds, () =>
            {
                flip = !flip;
                var status = flip ? ConnectorStatus.Faulted : ConnectorStatus.Available;
                return session.Protocol.Translate(new ConnectorStatusChanged(connector, status, ConnectorStatus.Available, "NoError")).First();
            }, "{}");
            Measure(version, "MeterValues", rounds, () => session.Protocol.Translate(new MeterValuesSampled(connector, null, reading)).First(), "{}");
        }

        return 0;
    }

    private static void Measure(OcppVersion version, string action, int rounds, Func<OutgoingCall> make, string answer)
    {
        var answerText = $$"""[3,"bench-1",{{answer}}]""";
        long sink = 0;
        for (var i = 0; i < 1000; i++)
        {
            sink += Once(make, answerText, i);
        }

        long total = 0;
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            sink += Once(make, answerText, i);
            total += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Time separately, without the allocation counter in the loop.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            sink += Once(make, answerText, i);
        }

        var micros = clock.Elapsed.TotalMicroseconds / rounds;
        Console.WriteLine($"| {(version == OcppVersion.V16 ? "1.6" : "2.0.1")} | {action} | {total / rounds} | {micros:0.00} |{(sink == 42 ? " " : string.Empty)}");
    }

    /// <summary>One send and its answer, as ChargerSession.Outbox and .Inbox do them.</summary>
    private static long Once(Func<OutgoingCall> make, string answerText, int i)
    {
        var call = make();
        var messageId = $"abcdef01-{i}";
        var (bytes, logText) = OutboxFrame(call, messageId);
        var frame = OcppFrame.Parse(answerText);
        call.OnResult?.Invoke(frame.Payload ?? []);
        return bytes.Length + logText.Length;
    }

    // As ChargerSession.SendPendingAsync / SendFrameAsync: the frame as bytes for the socket, its text for the log.
    private static (byte[] Bytes, string LogText) OutboxFrame(OutgoingCall call, string messageId)
    {
        var frame = call.Frame(messageId);
        return (frame, Encoding.UTF8.GetString(frame));
    }

    private sealed class BenchSession : ISessionServices
    {
        public BenchSession(OcppVersion version)
        {
            var spec = new ChargePointSpec("CP-1", "OcppLab", "Sim-22", "SN-0001", "1.2.3", version, 2, 22_000, "ac", "Type2");
            Model = new ChargePoint(spec, TimeProvider.System);
            Protocol = version == OcppVersion.V16 ? new V16Protocol(this) : new V201Protocol(this);
        }

        public ChargePoint Model { get; }
        public OcppProtocol Protocol { get; }
        public RegistrationStatus Registration => RegistrationStatus.Accepted;
        public bool Online => true;
        public DateTimeOffset Now => Model.Now;

        public void Enqueue(OutgoingCall call)
        {
        }

        public void AfterReply(Action action)
        {
        }

        public void Schedule(TimeSpan delay, Action action)
        {
        }

        public void BootAnswered(RegistrationStatus status, int intervalSeconds, DateTimeOffset? currentTime)
        {
        }

        public bool HasQueuedTransactionMessages(string? transactionId) => false;

        public void Reboot(StopReason reason, string bootReason)
        {
        }
    }
}
