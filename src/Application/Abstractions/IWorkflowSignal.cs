namespace OcppLab.Application.Abstractions;

/// <summary>Wakes the workflow runner when a run was committed, so it need not wait for its next poll.</summary>
public interface IWorkflowSignal
{
    void RunAvailable();
}
