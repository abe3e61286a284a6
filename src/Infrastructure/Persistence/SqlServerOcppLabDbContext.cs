using Microsoft.EntityFrameworkCore;

namespace OcppLab.Infrastructure.Persistence;

public sealed class SqlServerOcppLabDbContext(DbContextOptions<SqlServerOcppLabDbContext> options) : OcppLabDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}
