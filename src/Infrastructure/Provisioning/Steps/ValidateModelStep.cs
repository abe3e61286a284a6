using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning.Steps;

/// <summary>Checks that the charger still exists and its catalog model still offers its connector type.</summary>
internal sealed class ValidateModelStep(OcppLabDbContext db) : IWorkflowStep
{
    public string Name => WorkflowSteps.ValidateModel;

    public async Task<StepResult> ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var charger = await db.Chargers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == run.SubjectId, cancellationToken)
            ?? throw new StepFailedException("charger_not_found", $"Charger {run.SubjectId} no longer exists.", retryable: false);
        var model = await db.Models.AsNoTracking()
            .FirstOrDefaultAsync(m => m.BrandSlug == charger.BrandSlug && m.Slug == charger.ModelSlug, cancellationToken)
            ?? throw new StepFailedException(
                "model_not_in_catalog", $"Model {charger.BrandSlug}/{charger.ModelSlug} is not in the catalog.", retryable: false);
        if (!model.ConnectorTypes.Contains(charger.ConnectorType, StringComparer.OrdinalIgnoreCase))
        {
            throw new StepFailedException(
                "connector_type_not_offered", $"{model.Name} does not offer connector type {charger.ConnectorType}.", retryable: false);
        }

        return StepResult.Done;
    }
}
