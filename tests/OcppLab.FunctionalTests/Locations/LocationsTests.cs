using System.Net;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Locations;

/// <summary>§3 /ocpp/locations: CRUD and its validation.</summary>
public sealed class LocationsTests : SharedGatewayTests
{
    [Test]
    public async Task Create_answers_201_with_the_location_and_where_it_lives()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var response = await client.PostJsonAsync("/ocpp/locations", new
        {
            name = "La Défense Charging Hub",
            address = "1 Parvis de la Défense",
            city = "Puteaux",
            country = "fr",
            coordinates = new { latitude = 48.8924, longitude = 2.2360 },
            timezone = "Europe/Paris",
            owner_name = "OcppLab",
            @public = true,
        });

        var location = await response.ExpectJsonAsync(201);
        var id = location.Str("id");
        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(id, out _), Is.True);
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/ocpp/locations/{id}"));
            Assert.That(location.Str("slug"), Is.EqualTo("la-defense-charging-hub"));
            Assert.That(location.Str("name"), Is.EqualTo("La Défense Charging Hub"));
            Assert.That(location.Str("address"), Is.EqualTo("1 Parvis de la Défense"));
            Assert.That(location.Str("city"), Is.EqualTo("Puteaux"));
            Assert.That(location.Str("country"), Is.EqualTo("FR"));
            Assert.That(location["coordinates"]!["latitude"]!.GetValue<double>(), Is.EqualTo(48.8924));
            Assert.That(location["coordinates"]!["longitude"]!.GetValue<double>(), Is.EqualTo(2.2360));
            Assert.That(location.Str("timezone"), Is.EqualTo("Europe/Paris"));
            Assert.That(location.Str("owner_name"), Is.EqualTo("OcppLab"));
            Assert.That(location["public"]!.GetValue<bool>(), Is.True);
            Assert.That(location.Str("status"), Is.EqualTo("active"));
            Assert.That(location.Str("created_at"), Does.EndWith("Z"));
            Assert.That(location.Str("updated_at"), Does.EndWith("Z"));
        });
        var fetched = await client.GetJsonAsync($"/ocpp/locations/{id}");
        Assert.That(fetched.ToJsonString(), Is.EqualTo(location.ToJsonString()));
    }

    [Test]
    public async Task Only_the_name_is_required()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var location = await client.CreateLocationAsync("Bare");

        Assert.Multiple(() =>
        {
            Assert.That(location["address"], Is.Null);
            Assert.That(location["country"], Is.Null);
            Assert.That(location["coordinates"], Is.Null);
            Assert.That(location["timezone"], Is.Null);
            Assert.That(location["public"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task Names_that_slugify_alike_get_distinct_slugs()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var first = await client.CreateLocationAsync("Hub");
        var second = await client.CreateLocationAsync("HUB");
        var third = await client.CreateLocationAsync("hub!");

        Assert.That(new[] { first.Str("slug"), second.Str("slug"), third.Str("slug") }, Is.EqualTo(new[] { "hub", "hub-2", "hub-3" }));
    }

    [Test]
    public async Task List_pages_the_tenants_locations()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var ids = new List<string>();
        foreach (var name in new[] { "L1", "L2", "L3" })
        {
            ids.Add(await client.CreateLocationIdAsync(name));
        }

        var all = await client.GetJsonAsync("/ocpp/locations");
        var page = await client.GetJsonAsync("/ocpp/locations?page=2&limit=2");

        Assert.Multiple(() =>
        {
            PageAssert.IsPage(all, total: 3, number: 1, limit: 50, ids);
            PageAssert.IsPage(page, total: 3, number: 2, limit: 2, [ids[2]]);
        });
    }

    [Test]
    public async Task Update_changes_only_the_fields_given()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var created = await client.CreateLocationAsync("Partial", new
        {
            city = "Lyon", country = "FR", timezone = "Europe/Paris", coordinates = new { latitude = 45.76, longitude = 4.84 }, @public = true,
        });
        var id = created.Str("id");

        var updated = await (await client.PutJsonAsync($"/ocpp/locations/{id}", new { city = "Villeurbanne" })).ExpectJsonAsync(200);

        Assert.Multiple(() =>
        {
            Assert.That(updated.Str("city"), Is.EqualTo("Villeurbanne"));
            Assert.That(updated.Str("name"), Is.EqualTo("Partial"));
            Assert.That(updated.Str("slug"), Is.EqualTo("partial"));
            Assert.That(updated.Str("country"), Is.EqualTo("FR"));
            Assert.That(updated.Str("timezone"), Is.EqualTo("Europe/Paris"));
            Assert.That(updated["coordinates"]!["latitude"]!.GetValue<double>(), Is.EqualTo(45.76));
            Assert.That(updated["public"]!.GetValue<bool>(), Is.True);
            Assert.That(updated.Str("created_at"), Is.EqualTo(created.Str("created_at")));
        });

        var renamed = await (await client.PutJsonAsync($"/ocpp/locations/{id}", new { name = "Renamed", @public = false, country = "de" })).ExpectJsonAsync(200);
        Assert.Multiple(() =>
        {
            Assert.That(renamed.Str("name"), Is.EqualTo("Renamed"));
            Assert.That(renamed["public"]!.GetValue<bool>(), Is.False);
            Assert.That(renamed.Str("country"), Is.EqualTo("DE"));
            Assert.That(renamed.Str("city"), Is.EqualTo("Villeurbanne"));
        });
        Assert.That((await client.GetJsonAsync($"/ocpp/locations/{id}")).Str("name"), Is.EqualTo("Renamed"));
    }

    [Test]
    public async Task Delete_removes_an_empty_location()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateLocationIdAsync("Doomed");

        var response = await client.DeleteAsync($"/ocpp/locations/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await client.GetAsync($"/ocpp/locations/{id}")).AssertProblemAsync(404);
        await (await client.DeleteAsync($"/ocpp/locations/{id}")).AssertProblemAsync(404);
    }

    [Test]
    public async Task Delete_of_a_location_with_chargers_is_a_409_until_they_are_gone()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateLocationIdAsync("Busy");
        var charger = await client.CreateChargerAsync("CP-BUSY", extra: new { location_id = id });

        await (await client.DeleteAsync($"/ocpp/locations/{id}")).AssertProblemAsync(409);
        await client.GetJsonAsync($"/ocpp/locations/{id}");

        Assert.That((await client.DeleteAsync($"/ocpp/chargers/{charger}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.DeleteAsync($"/ocpp/locations/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task Unknown_locations_are_404()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var unknown = Guid.NewGuid();

        await (await client.GetAsync($"/ocpp/locations/{unknown}")).AssertProblemAsync(404);
        await (await client.PutJsonAsync($"/ocpp/locations/{unknown}", new { city = "x" })).AssertProblemAsync(404);
        await (await client.DeleteAsync($"/ocpp/locations/{unknown}")).AssertProblemAsync(404);
        await (await client.GetAsync("/ocpp/locations/not-a-uuid")).AssertProblemAsync(404);
    }

    public static IEnumerable<TestCaseData> InvalidBodies()
    {
        TestCaseData Case(string name, object body, params string[] fields) => new TestCaseData(body, fields).SetArgDisplayNames(name);

        yield return Case("name missing", new { city = "Paris" }, "name");
        yield return Case("name blank", new { name = "   " }, "name");
        yield return Case("name 201 characters", new { name = new string('n', 201) }, "name");
        yield return Case("country of three letters", new { name = "x", country = "FRA" }, "country");
        yield return Case("country not assigned", new { name = "x", country = "XX" }, "country");
        yield return Case("timezone unknown", new { name = "x", timezone = "Mars/Olympus_Mons" }, "timezone");
        yield return Case("timezone not IANA", new { name = "x", timezone = "Romance Standard Time" }, "timezone");
        yield return Case("latitude above 90", new { name = "x", coordinates = new { latitude = 90.5, longitude = 0 } }, "coordinates.latitude");
        yield return Case("latitude below -90", new { name = "x", coordinates = new { latitude = -91, longitude = 0 } }, "coordinates.latitude");
        yield return Case("longitude above 180", new { name = "x", coordinates = new { latitude = 0, longitude = 180.1 } }, "coordinates.longitude");
        yield return Case("longitude below -180", new { name = "x", coordinates = new { latitude = 0, longitude = -181 } }, "coordinates.longitude");
        yield return Case("latitude without longitude", new { name = "x", coordinates = new { latitude = 1 } }, "coordinates.longitude");
        yield return Case("latitude not a number", new { name = "x", coordinates = new { latitude = "north", longitude = 1 } }, "coordinates.latitude");
        yield return Case("public not a boolean", new { name = "x", @public = "yes" }, "public");
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task An_invalid_create_is_a_422_naming_the_field(object body, string[] fields)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        await (await client.PostJsonAsync("/ocpp/locations", body)).AssertValidationAsync(fields);

        Assert.That((await client.GetJsonAsync("/ocpp/locations"))["total"]!.GetValue<int>(), Is.Zero);
    }

    [TestCase("country", "FRA", "country")]
    [TestCase("timezone", "Nowhere/Special", "timezone")]
    [TestCase("name", " ", "name")]
    public async Task An_invalid_update_is_a_422_and_changes_nothing(string field, string value, string errorField)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var created = await client.CreateLocationAsync("Stable", new { country = "FR", timezone = "Europe/Paris" });
        var id = created.Str("id");

        await (await client.PutJsonAsync($"/ocpp/locations/{id}", new Dictionary<string, object> { [field] = value })).AssertValidationAsync(errorField);

        Assert.That((await client.GetJsonAsync($"/ocpp/locations/{id}")).ToJsonString(), Is.EqualTo(created.ToJsonString()));
    }

    [Test]
    public async Task Invalid_coordinates_on_update_are_a_422()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateLocationIdAsync("Coords");

        await (await client.PutJsonAsync($"/ocpp/locations/{id}", new { coordinates = new { latitude = 100, longitude = 200 } }))
            .AssertValidationAsync("coordinates.latitude", "coordinates.longitude");
    }
}
