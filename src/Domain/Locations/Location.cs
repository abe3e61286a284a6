namespace OcppLab.Domain.Locations;

/// <summary>A site that groups chargers. Each tenant gets a default one on first need.</summary>
public sealed class Location
{
    public const string DefaultName = "Default";
    public const string ActiveStatus = "active";

    private Location()
    {
    }

    public Guid Id { get; private set; }
    public string OrganizationId { get; private set; } = string.Empty;
    public string Slug { get; private set; } = string.Empty;
    public string Name { get; private set; } = string.Empty;
    public string? Address { get; private set; }
    public string? City { get; private set; }
    public string? Country { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public string? Timezone { get; private set; }
    public string? OwnerName { get; private set; }
    public bool Public { get; private set; }
    public string Status { get; private set; } = ActiveStatus;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Location Create(string organizationId, string name, string slug, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        OrganizationId = organizationId,
        Name = name,
        Slug = slug,
        Status = ActiveStatus,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Update(LocationDetails details, DateTimeOffset now)
    {
        if (details.Name is not null)
        {
            Name = details.Name;
        }

        Address = details.Address ?? Address;
        City = details.City ?? City;
        Country = details.Country?.ToUpperInvariant() ?? Country;
        Latitude = details.Latitude ?? Latitude;
        Longitude = details.Longitude ?? Longitude;
        Timezone = details.Timezone ?? Timezone;
        OwnerName = details.OwnerName ?? OwnerName;
        if (details.Public is { } isPublic)
        {
            Public = isPublic;
        }

        UpdatedAt = now;
    }

    /// <summary>Turns a name into a URL-friendly slug: lower-case ASCII letters, digits and dashes.</summary>
    public static string Slugify(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        var dash = false;

        // Letters that do not decompose into an ASCII letter plus accents.
        var spelled = name
            .Replace("ß", "ss", StringComparison.Ordinal)
            .Replace("æ", "ae", StringComparison.Ordinal).Replace("Æ", "AE", StringComparison.Ordinal)
            .Replace("œ", "oe", StringComparison.Ordinal).Replace("Œ", "OE", StringComparison.Ordinal)
            .Replace("ø", "o", StringComparison.Ordinal).Replace("Ø", "O", StringComparison.Ordinal)
            .Replace("ł", "l", StringComparison.Ordinal).Replace("Ł", "L", StringComparison.Ordinal)
            .Replace("đ", "d", StringComparison.Ordinal).Replace("Đ", "D", StringComparison.Ordinal);
        foreach (var c in spelled.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (!dash && builder.Length > 0)
            {
                builder.Append('-');
                dash = true;
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > 64)
        {
            slug = slug[..64].Trim('-');
        }

        return slug.Length == 0 ? "location" : slug;
    }
}
