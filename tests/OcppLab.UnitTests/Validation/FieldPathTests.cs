using OcppLab.Application.Common.Validation;

namespace OcppLab.UnitTests.Validation;

public sealed class FieldPathTests
{
    [TestCase("Identity", "identity")]
    [TestCase("WsUrl", "ws_url")]
    [TestCase("BrandSlug", "brand_slug")]
    [TestCase("Coordinates.Latitude", "coordinates.latitude")]
    [TestCase("Template.BrandSlug", "template.brand_slug")]
    [TestCase("[0].Template.BrandSlug", "[0].template.brand_slug")]
    [TestCase("[12].ChargerIds[3]", "[12].charger_ids[3]")]
    [TestCase("Items[2].Entries[0].IdTag", "items[2].entries[0].id_tag")]
    [TestCase("[0].chargers_number", "[0].chargers_number")]
    [TestCase("body", "body")]
    [TestCase("", "")]
    public void Member_paths_become_snake_case_json_paths(string path, string expected)
    {
        Assert.That(FieldPath.ToSnakeCase(path), Is.EqualTo(expected));
    }
}
