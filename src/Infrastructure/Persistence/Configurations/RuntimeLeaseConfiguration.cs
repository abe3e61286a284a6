using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Infrastructure.Persistence.Configurations;

internal sealed class RuntimeLeaseConfiguration : IEntityTypeConfiguration<RuntimeLease>
{
    public void Configure(EntityTypeBuilder<RuntimeLease> builder)
    {
        builder.ToTable("runtime_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(RuntimeLease.NameMaxLength);
        builder.Property(l => l.OwnerId).HasMaxLength(RuntimeLease.OwnerMaxLength).IsRequired();
    }
}
