using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcppLab.Domain.Chargers;

namespace OcppLab.Infrastructure.Persistence.Configurations;

internal sealed class ChargerStoredStateConfiguration : IEntityTypeConfiguration<ChargerStoredState>
{
    public void Configure(EntityTypeBuilder<ChargerStoredState> builder)
    {
        builder.ToTable("charger_states");
        builder.HasKey(s => s.ChargerId);
        builder.Property(s => s.ChargerId).HasMaxLength(32);
        builder.Property(s => s.ConfigurationJson).IsRequired();
        builder.Property(s => s.LocalAuthListJson).IsRequired();

        // The state lives and dies with its charger.
        builder.HasOne<Charger>().WithOne().HasForeignKey<ChargerStoredState>(s => s.ChargerId).OnDelete(DeleteBehavior.Cascade);
    }
}
