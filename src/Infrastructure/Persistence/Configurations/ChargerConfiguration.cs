using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcppLab.Domain.Chargers;

namespace OcppLab.Infrastructure.Persistence.Configurations;

internal sealed class ChargerConfiguration : IEntityTypeConfiguration<Charger>
{
    public void Configure(EntityTypeBuilder<Charger> builder)
    {
        builder.ToTable("chargers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(32);
        builder.Property(c => c.OrganizationId).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Identity).HasMaxLength(ChargerIdentity.MaxLength).IsRequired();
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.Property(c => c.BrandSlug).HasMaxLength(64).IsRequired();
        builder.Property(c => c.ModelSlug).HasMaxLength(64).IsRequired();
        builder.Property(c => c.VendorName).HasMaxLength(100).IsRequired();
        builder.Property(c => c.ModelName).HasMaxLength(100).IsRequired();
        builder.Property(c => c.ImageUrl).HasMaxLength(500);
        builder.Property(c => c.CurrentType).HasMaxLength(8).IsRequired();
        builder.Property(c => c.ConnectorType).HasMaxLength(32).IsRequired();
        builder.Property(c => c.SerialNumber).HasMaxLength(25).IsRequired();
        builder.Property(c => c.WsUrl).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.OcppVersion).HasConversion<string>().HasMaxLength(8);
        builder.Property(c => c.AuthorizationKey).HasMaxLength(SecurityProfile.AuthorizationKeyMaxLength);
        builder.Property(c => c.ProvisioningStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.WorkflowRunId).HasMaxLength(32).IsRequired();
        builder.Property(c => c.DesiredState).HasConversion<string>().HasMaxLength(16);

        builder.HasIndex(c => new { c.OrganizationId, c.Identity }).IsUnique();
        builder.HasIndex(c => new { c.OrganizationId, c.LocationId });
        builder.HasIndex(c => c.DesiredState);
    }
}
