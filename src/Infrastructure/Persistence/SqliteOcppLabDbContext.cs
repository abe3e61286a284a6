using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OcppLab.Infrastructure.Persistence;

public sealed class SqliteOcppLabDbContext(DbContextOptions<SqliteOcppLabDbContext> options) : OcppLabDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite has no date-time type, and EF cannot compare or order DateTimeOffset stored as text.
    /// Every timestamp is stored as UTC ticks (an INTEGER), which sorts and compares exactly.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
