using Microsoft.EntityFrameworkCore.Migrations;
using OcppLab.Infrastructure.Persistence.Orleans;

#nullable disable

namespace OcppLab.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <summary>
    /// Orleans' ADO.NET clustering tables and queries (<see cref="OrleansClusteringScript"/>), so that a
    /// silo clustering on this database finds them; the script is idempotent. Written by hand: no model change.
    /// </summary>
    public partial class OrleansClustering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OrleansClusteringScript.For(DatabaseProvider.PostgreSql));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OrleansClusteringScript.DropFor(DatabaseProvider.PostgreSql));
        }
    }
}
