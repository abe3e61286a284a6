using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OcppLab.Infrastructure.Persistence;

public sealed class PostgreSqlOcppLabDbContext(DbContextOptions<PostgreSqlOcppLabDbContext> options) : OcppLabDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    /// <summary>
    /// Every timestamp is a <c>timestamptz</c>, which holds an instant and no offset: Npgsql refuses
    /// a DateTimeOffset whose offset is not zero, so values (and query parameters) are turned to UTC
    /// first. The instant is kept; what comes back is always in UTC, as on the other providers
    /// (SQLite stores UTC ticks). PostgreSQL keeps microseconds: the last tick digit is dropped.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v.ToUniversalTime());
}
