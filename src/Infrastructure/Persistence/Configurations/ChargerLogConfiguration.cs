using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Persistence.Configurations;

/// <summary>
/// The big table. No foreign key to chargers: the log writer must never fail a batch because a
/// charger was deleted meanwhile; deleting a charger deletes its logs explicitly.
/// </summary>
internal sealed class ChargerLogConfiguration : IEntityTypeConfiguration<ChargerLog>
{
    public void Configure(EntityTypeBuilder<ChargerLog> builder)
    {
        builder.ToTable("charger_logs");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedOnAdd();
        builder.Property(l => l.ChargerId).HasMaxLength(32).IsRequired();
        builder.Property(l => l.Direction).HasConversion<byte>();
        builder.Property(l => l.MessageType).HasConversion<byte>();
        builder.Property(l => l.Action).HasMaxLength(64);
        builder.Property(l => l.MessageId).HasMaxLength(64);
        builder.Property(l => l.Message).IsRequired();

        // The seed query: one charger, a time range, optionally one action, in (timestamp, arrival) order.
        builder.HasIndex(l => new { l.ChargerId, l.Timestamp, l.Id }).HasDatabaseName("IX_charger_logs_charger_time");
        builder.HasIndex(l => new { l.ChargerId, l.Action, l.Timestamp, l.Id }).HasDatabaseName("IX_charger_logs_charger_action_time");
    }
}
