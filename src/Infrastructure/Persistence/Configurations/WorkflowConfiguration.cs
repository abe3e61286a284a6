using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcppLab.Domain.Provisioning;

namespace OcppLab.Infrastructure.Persistence.Configurations;

internal sealed class WorkflowRunConfiguration : IEntityTypeConfiguration<WorkflowRun>
{
    public void Configure(EntityTypeBuilder<WorkflowRun> builder)
    {
        builder.ToTable("workflow_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.OrganizationId).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.SubjectId).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.LeaseOwner).HasMaxLength(64);
        builder.Property(r => r.ErrorCode).HasMaxLength(64);
        builder.Property(r => r.ErrorMessage).HasMaxLength(2000);
        builder.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Steps).UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();

        builder.HasIndex(r => new { r.Status, r.NextAttemptAt });
        builder.HasIndex(r => r.SubjectId);
    }
}

internal sealed class WorkflowStepConfiguration : IEntityTypeConfiguration<WorkflowStep>
{
    public void Configure(EntityTypeBuilder<WorkflowStep> builder)
    {
        builder.ToTable("workflow_steps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.RunId).HasMaxLength(32).IsRequired();
        builder.Property(s => s.Name).HasMaxLength(64).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.HasIndex(s => new { s.RunId, s.Index }).IsUnique();
    }
}

internal sealed class LocationJobConfiguration : IEntityTypeConfiguration<LocationJob>
{
    public void Configure(EntityTypeBuilder<LocationJob> builder)
    {
        builder.ToTable("location_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.OrganizationId).HasMaxLength(64).IsRequired();
        builder.Property(j => j.JobType).HasMaxLength(32).IsRequired();
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.WorkflowRunId).HasMaxLength(32).IsRequired();
        builder.Property(j => j.RequestJson).IsRequired();
        builder.Property(j => j.ErrorCode).HasMaxLength(64);
        builder.Property(j => j.ErrorMessage).HasMaxLength(2000);
        builder.HasIndex(j => new { j.OrganizationId, j.LocationId });
    }
}
