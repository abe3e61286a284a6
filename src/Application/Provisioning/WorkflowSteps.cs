namespace OcppLab.Application.Provisioning;

/// <summary>The step names of each workflow kind, in order. Runs persist these names.</summary>
public static class WorkflowSteps
{
    public const string ValidateModel = "validate_model";
    public const string PrepareRuntimeState = "prepare_runtime_state";
    public const string StartRuntime = "start_runtime";

    public const string CreateChargers = "create_chargers";
    public const string AwaitProvisioning = "await_provisioning";

    public static IReadOnlyList<string> ChargerProvisioning { get; } = [ValidateModel, PrepareRuntimeState, StartRuntime];

    public static IReadOnlyList<string> LocationBulkCreate { get; } = [CreateChargers, AwaitProvisioning];
}
