using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Observability;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Runtime;
using OcppLab.Infrastructure.Ocpp.V16;
using OcppLab.UnitTests.Observability;
using ChargePointModel = OcppLab.Domain.ChargePoint.ChargePoint;

namespace OcppLab.UnitTests.Ocpp.Runtime;

/// <summary>The session's single timer, on a fake clock.</summary>
public sealed class SessionTimerTests
{
    [Test]
    public async Task A_deadline_exactly_one_millisecond_overdue_still_fires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var meters = new TestMeterFactory();
        using var metrics = new GatewayMetrics(meters);
        var session = NewSession(time, invoker, metrics);
        session.Start();
        try
        {
            var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Due 1 ms ago when the timer is armed: due - now = -1 ms, which is Timeout.InfiniteTimeSpan.
            await session.InvokeAsync(s =>
            {
                s.Schedule(TimeSpan.FromMilliseconds(-1), () => fired.TrySetResult());
                return 0;
            });

            // Once this runs, the step above has re-armed the timer (the actor takes one item at a time).
            await session.InvokeAsync(_ => 0);
            time.Advance(TimeSpan.FromMilliseconds(1));

            Assert.That(await Task.WhenAny(fired.Task, Task.Delay(TimeSpan.FromSeconds(5))), Is.SameAs(fired.Task), "the overdue action ran");
        }
        finally
        {
            await session.StopAsync();
            await session.DisposeAsync();
        }
    }

    private static ChargerSession NewSession(FakeTimeProvider time, HttpMessageInvoker invoker, GatewayMetrics metrics)
    {
        var spec = new ChargePointSpec("CP-TIMER", "OcppLab", "Sim-22", "SN-0001", "1.2.3", OcppVersion.V16, 1, 22_000, "ac", "Type2");
        var store = new Mock<IChargerStateStore>();
        store.Setup(s => s.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        // Nothing listens on the discard port: connecting fails and the supervisor waits on the fake clock.
        return new ChargerSession(
            new SessionConnection("dep-timer", spec.Identity, "ws://127.0.0.1:9/ocpp", OcppVersion.V16, 0, null, invoker),
            new ChargePointModel(spec, time),
            services => new V16Protocol(services),
            Mock.Of<IFrameLog>(),
            Mock.Of<IPayloadValidator>(),
            store.Object,
            time,
            new RuntimeOptions(),
            metrics,
            NullLogger.Instance);
    }
}
