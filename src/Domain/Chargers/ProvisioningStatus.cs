namespace OcppLab.Domain.Chargers;

public enum ProvisioningStatus
{
    Pending = 0,
    Provisioning = 1,
    Ready = 2,
    Failed = 3,
}
