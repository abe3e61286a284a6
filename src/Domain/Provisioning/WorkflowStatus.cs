namespace OcppLab.Domain.Provisioning;

public enum WorkflowStatus
{
    Pending = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}
