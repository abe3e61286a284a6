namespace OcppLab.Domain.Provisioning;

public enum WorkflowKind
{
    /// <summary>Provisions one charger deployment.</summary>
    ChargerProvisioning = 1,

    /// <summary>Creates (and provisions) many chargers of one location.</summary>
    LocationBulkCreate = 2,
}
