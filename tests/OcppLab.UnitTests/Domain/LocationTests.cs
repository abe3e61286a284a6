using OcppLab.Domain.Locations;

namespace OcppLab.UnitTests.Domain;

public sealed class LocationTests
{
    [TestCase("La Défense Charging Hub", "la-defense-charging-hub")]
    [TestCase("Default", "default")]
    [TestCase("  Hub!!  2 ", "hub-2")]
    [TestCase("Ünïcödé Ça Va", "unicode-ca-va")]
    [TestCase("A__B--C", "a-b-c")]
    [TestCase("Depot #42 (north)", "depot-42-north")]
    [TestCase("", "location")]
    [TestCase("!!!", "location")]
    [TestCase("東京", "location")]
    [TestCase("Straße Øst Łódź Æble", "strasse-ost-lodz-aeble")]
    public void Slugify_keeps_lower_case_ascii_letters_digits_and_single_dashes(string name, string slug)
    {
        Assert.That(Location.Slugify(name), Is.EqualTo(slug));
    }

    [Test]
    public void Slugify_caps_the_length_at_64_without_a_trailing_dash()
    {
        var slug = Location.Slugify(new string('a', 63) + " bbbb");

        Assert.That(slug, Has.Length.LessThanOrEqualTo(64));
        Assert.That(slug, Does.Not.EndWith("-"));
        Assert.That(slug, Is.EqualTo(new string('a', 63)));
    }

    [Test]
    public void Update_changes_only_the_fields_given_and_upper_cases_the_country()
    {
        var now = DateTimeOffset.UnixEpoch;
        var location = Location.Create("org", "Hub", "hub", now);
        location.Update(new LocationDetails { City = "Paris", Country = "fr", Public = true, Latitude = 1, Longitude = 2 }, now);

        location.Update(new LocationDetails { Address = "1 rue" }, now.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(location.Name, Is.EqualTo("Hub"));
            Assert.That(location.City, Is.EqualTo("Paris"));
            Assert.That(location.Country, Is.EqualTo("FR"));
            Assert.That(location.Public, Is.True);
            Assert.That((location.Latitude, location.Longitude), Is.EqualTo(((double?)1, (double?)2)));
            Assert.That(location.Address, Is.EqualTo("1 rue"));
            Assert.That(location.UpdatedAt, Is.EqualTo(now.AddSeconds(1)));
            Assert.That(location.Status, Is.EqualTo("active"));
        });
    }
}
