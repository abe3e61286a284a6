using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcppLab.Domain.Catalog;

namespace OcppLab.Infrastructure.Persistence.Configurations;

internal sealed class BrandConfiguration : IEntityTypeConfiguration<Brand>
{
    public void Configure(EntityTypeBuilder<Brand> builder)
    {
        builder.ToTable("catalog_brands");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Slug).HasMaxLength(64).IsRequired();
        builder.Property(b => b.Name).HasMaxLength(100).IsRequired();
        builder.Property(b => b.ImageUrl).HasMaxLength(500);
        builder.HasIndex(b => b.Slug).IsUnique();
    }
}

internal sealed class CatalogModelConfiguration : IEntityTypeConfiguration<CatalogModel>
{
    public void Configure(EntityTypeBuilder<CatalogModel> builder)
    {
        builder.ToTable("catalog_models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Slug).HasMaxLength(64).IsRequired();
        builder.Property(m => m.Name).HasMaxLength(100).IsRequired();
        builder.Property(m => m.BrandSlug).HasMaxLength(64).IsRequired();
        builder.Property(m => m.ImageUrl).HasMaxLength(500);
        builder.Property(m => m.CurrentType).HasMaxLength(8).IsRequired();
        builder.Ignore(m => m.MaxPowerW);
        builder.HasOne<Brand>().WithMany().HasForeignKey(m => m.BrandId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.BrandSlug, m.Slug }).IsUnique();
    }
}
