namespace OcppLab.Domain.ChargePoint;

/// <summary>
/// The simulated car: a battery with a state of charge and the power it accepts. A DC battery
/// tapers above 80 % state of charge, as real ones do; an AC on-board charger does not.
/// </summary>
public sealed class ElectricVehicle
{
    public ElectricVehicle(double capacityWh, double socPercent, double maxPowerW)
    {
        CapacityWh = capacityWh;
        SocPercent = Math.Clamp(socPercent, 0, 100);
        MaxPowerW = maxPowerW;
    }

    public double CapacityWh { get; }
    public double SocPercent { get; private set; }
    public double MaxPowerW { get; }
    public bool IsFull => SocPercent >= 100;

    /// <summary>A typical car for the charger: 11 kW on-board AC charger, or a DC car taking up to 150 kW.</summary>
    public static ElectricVehicle Typical(bool dc) => dc
        ? new ElectricVehicle(77_000, 20, 150_000)
        : new ElectricVehicle(60_000, 30, 11_000);

    public double AcceptedPowerW(bool dc)
    {
        if (IsFull)
        {
            return 0;
        }

        if (!dc || SocPercent <= 80)
        {
            return MaxPowerW;
        }

        // Linear taper from full power at 80 % to 5 % of it at 100 %.
        var fraction = 1 - ((SocPercent - 80) / 20 * 0.95);
        return MaxPowerW * fraction;
    }

    public void AddEnergy(double wh) => SocPercent = Math.Min(100, SocPercent + (wh / CapacityWh * 100));
}
