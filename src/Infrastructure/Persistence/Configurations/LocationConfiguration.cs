using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcppLab.Domain.Locations;

namespace OcppLab.Infrastructure.Persistence.Configurations;

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.ToTable("locations");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.OrganizationId).HasMaxLength(64).IsRequired();
        builder.Property(l => l.Slug).HasMaxLength(80).IsRequired();
        builder.Property(l => l.Name).HasMaxLength(200).IsRequired();
        builder.Property(l => l.Address).HasMaxLength(200);
        builder.Property(l => l.City).HasMaxLength(200);
        builder.Property(l => l.Country).HasMaxLength(2);
        builder.Property(l => l.Timezone).HasMaxLength(64);
        builder.Property(l => l.OwnerName).HasMaxLength(200);
        builder.Property(l => l.Status).HasMaxLength(16).IsRequired();

        builder.HasIndex(l => new { l.OrganizationId, l.Slug }).IsUnique();
        builder.HasIndex(l => new { l.OrganizationId, l.Name });
    }
}
