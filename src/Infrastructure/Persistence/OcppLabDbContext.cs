using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Catalog;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Locations;
using OcppLab.Domain.Logs;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Infrastructure.Persistence;

/// <summary>
/// The gateway's database. Each provider has its own derived context so that each keeps its own
/// migration set (<c>Migrations/Sqlite</c>, <c>Migrations/SqlServer</c>, <c>Migrations/PostgreSql</c>).
/// </summary>
public abstract class OcppLabDbContext(DbContextOptions options) : DbContext(options), IUnitOfWork
{
    public DbSet<Charger> Chargers => Set<Charger>();
    public DbSet<ChargerStoredState> ChargerStates => Set<ChargerStoredState>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<CatalogModel> Models => Set<CatalogModel>();
    public DbSet<WorkflowRun> WorkflowRuns => Set<WorkflowRun>();
    public DbSet<WorkflowStep> WorkflowSteps => Set<WorkflowStep>();
    public DbSet<LocationJob> LocationJobs => Set<LocationJob>();
    public DbSet<ChargerLog> ChargerLogs => Set<ChargerLog>();
    public DbSet<RuntimeLease> RuntimeLeases => Set<RuntimeLease>();

    public abstract DatabaseProvider Provider { get; }

    async Task IUnitOfWork.SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw new UniqueConstraintException("A unique key would be duplicated.", ex);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OcppLabDbContext).Assembly);
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19
            && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 2601 or 2627,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
