using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcppLab.Domain.Catalog;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Catalog;

/// <summary>
/// Loads the catalog shipped inside this assembly into the database. Idempotent: brands and models
/// are matched by slug and get deterministic ids, so every start (and every database) agrees.
/// </summary>
public sealed class CatalogSeeder(OcppLabDbContext db, TimeProvider time)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var data = Load();
        var now = time.GetUtcNow();
        var brands = await db.Brands.ToDictionaryAsync(b => b.Slug, cancellationToken);
        var models = await db.Models.ToDictionaryAsync(m => (m.BrandSlug, m.Slug), cancellationToken);

        foreach (var brandData in data.Brands)
        {
            if (!brands.TryGetValue(brandData.Slug, out var brand))
            {
                brand = new Brand { Id = StableId("brand:" + brandData.Slug), Slug = brandData.Slug, Name = brandData.Name, CreatedAt = now };
                db.Brands.Add(brand);
            }

            brand.Name = brandData.Name;
            brand.ImageUrl = brandData.ImageUrl;
            foreach (var modelData in brandData.Models)
            {
                if (!models.TryGetValue((brand.Slug, modelData.Slug), out var model))
                {
                    model = new CatalogModel
                    {
                        Id = StableId($"model:{brand.Slug}/{modelData.Slug}"),
                        Slug = modelData.Slug,
                        Name = modelData.Name,
                        BrandId = brand.Id,
                        BrandSlug = brand.Slug,
                        CurrentType = modelData.CurrentType,
                        CreatedAt = now,
                    };
                    db.Models.Add(model);
                }

                model.Name = modelData.Name;
                model.ImageUrl = modelData.ImageUrl;
                model.CurrentType = modelData.CurrentType;
                model.ConnectorCount = modelData.ConnectorCount;
                model.SupportedKw = [.. modelData.SupportedKw];
                model.ConnectorTypes = [.. modelData.ConnectorTypes];
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public static CatalogData Load()
    {
        using var stream = typeof(CatalogSeeder).Assembly.GetManifestResourceStream("OcppLab.Infrastructure.Catalog.catalog.json")
            ?? throw new InvalidOperationException("The catalog resource is missing from the assembly.");
        return JsonSerializer.Deserialize<CatalogData>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The catalog resource is empty.");
    }

    /// <summary>A name-based UUID, so a slug has the same id in every database.</summary>
    private static Guid StableId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ocpplab-catalog:" + name));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}

public sealed record CatalogData(IReadOnlyList<CatalogBrandData> Brands);

public sealed record CatalogBrandData(string Slug, string Name, string? ImageUrl, IReadOnlyList<CatalogModelData> Models);

public sealed record CatalogModelData(
    string Slug,
    string Name,
    string CurrentType,
    int ConnectorCount,
    IReadOnlyList<double> SupportedKw,
    IReadOnlyList<string> ConnectorTypes,
    string? ImageUrl);
