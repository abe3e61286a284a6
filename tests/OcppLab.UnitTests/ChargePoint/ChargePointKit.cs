using Microsoft.Extensions.Time.Testing;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.Common;
using ChargePointModel = OcppLab.Domain.ChargePoint.ChargePoint;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>A charge point on a fake clock, with a predictable car, and helpers to read its events.</summary>
internal sealed class ChargePointKit
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public ChargePointKit(
        OcppVersion version = OcppVersion.V16,
        int connectors = 2,
        int maxPowerW = 22_000,
        string currentType = "ac",
        Func<ElectricVehicle>? vehicle = null,
        IReadOnlyDictionary<string, string>? settings = null,
        DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? Start);
        Spec = new ChargePointSpec("CP-1", "OcppLab", "Sim-22", "SN-0001", "1.2.3", version, connectors, maxPowerW, currentType, "Type2");
        var dc = string.Equals(currentType, "dc", StringComparison.OrdinalIgnoreCase);
        Vehicle = vehicle ?? (() => dc ? new ElectricVehicle(77_000, 20, 150_000) : new ElectricVehicle(60_000, 30, 11_000));
        Model = new ChargePointModel(Spec, Time, settings, _ => Vehicle());
    }

    public FakeTimeProvider Time { get; }
    public ChargePointSpec Spec { get; }
    public Func<ElectricVehicle> Vehicle { get; }
    public ChargePointModel Model { get; }
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Moves the clock and brings the model to the present, as the session's timer does.</summary>
    public void Pass(TimeSpan elapsed)
    {
        Time.Advance(elapsed);
        Model.Advance();
    }

    /// <summary>Moves the clock deadline by deadline (as the runtime's timer does) until <paramref name="end"/>.</summary>
    public void RunUntil(DateTimeOffset end)
    {
        while (Model.NextDeadline() is { } next && next <= end)
        {
            if (next > Now)
            {
                Time.SetUtcNow(next);
            }

            Model.Advance();
            if (Model.NextDeadline() is { } after && after <= next)
            {
                // Deadlines must move forward, else the runtime would spin.
                Time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        if (end > Now)
        {
            Time.SetUtcNow(end);
        }

        Model.Advance();
    }

    /// <summary>A plugged car with a running transaction on the connector; events so far are discarded.</summary>
    public Connector Charging(int index = 1, string idTag = "TAG-1")
    {
        Assert.That(Model.PlugIn(index).Succeeded, Is.True);
        Assert.That(Model.StartTransaction(index, idTag, "ISO14443", TxTrigger.Authorized).Succeeded, Is.True);
        Model.TakeEvents();
        return Model.Connector(index)!;
    }

    public static IReadOnlyList<ConnectorStatus> Statuses(IEnumerable<ChargePointEvent> events, int index) =>
        events.OfType<ConnectorStatusChanged>().Where(e => e.Connector.Index == index).Select(e => e.Status).ToList();
}
