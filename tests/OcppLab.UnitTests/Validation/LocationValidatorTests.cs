using FluentValidation.TestHelper;
using OcppLab.Application.Locations;
using OcppLab.Application.Locations.Commands.CreateLocation;
using OcppLab.Application.Locations.Commands.UpdateLocation;

namespace OcppLab.UnitTests.Validation;

public sealed class LocationValidatorTests
{
    private static readonly CreateLocationValidator Create = new();
    private static readonly UpdateLocationValidator Update = new();
    private static readonly CreateLocationCommand Valid = new() { Name = "Hub" };

    [Test]
    public void A_name_is_enough_and_every_field_may_be_given()
    {
        Create.TestValidate(Valid).ShouldNotHaveAnyValidationErrors();
        Create.TestValidate(Valid with
        {
            Address = "1 rue", City = "Paris", Country = "fr", Coordinates = new CoordinatesDto(-90, 180), Timezone = "Europe/Paris", OwnerName = "Me", Public = true,
        }).ShouldNotHaveAnyValidationErrors();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Create_needs_a_name(string? name)
    {
        Create.TestValidate(Valid with { Name = name }).ShouldHaveValidationErrorFor(c => c.Name).Only();
    }

    [Test]
    public void Names_and_texts_are_at_most_200_characters()
    {
        var tooLong = new string('x', 201);
        Create.TestValidate(Valid with { Name = tooLong }).ShouldHaveValidationErrorFor(c => c.Name);
        Create.TestValidate(Valid with { Address = tooLong }).ShouldHaveValidationErrorFor(c => c.Address);
        Create.TestValidate(Valid with { City = tooLong }).ShouldHaveValidationErrorFor(c => c.City);
        Create.TestValidate(Valid with { OwnerName = tooLong }).ShouldHaveValidationErrorFor(c => c.OwnerName);
    }

    [TestCase("FRA")]
    [TestCase("XX")]
    [TestCase("F")]
    [TestCase("")]
    public void Country_must_be_an_assigned_alpha_2_code(string country)
    {
        Create.TestValidate(Valid with { Country = country }).ShouldHaveValidationErrorFor(c => c.Country).Only();
        Update.TestValidate(new UpdateLocationCommand { Country = country }).ShouldHaveValidationErrorFor(c => c.Country).Only();
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("Romance Standard Time")]
    [TestCase("")]
    public void Timezone_must_be_an_iana_id(string timezone)
    {
        Create.TestValidate(Valid with { Timezone = timezone }).ShouldHaveValidationErrorFor(c => c.Timezone).Only();
    }

    [TestCase("Europe/Paris")]
    [TestCase("America/New_York")]
    [TestCase("UTC")]
    public void Iana_timezones_are_accepted(string timezone)
    {
        Create.TestValidate(Valid with { Timezone = timezone }).ShouldNotHaveAnyValidationErrors();
    }

    [TestCase(90.01, 0, "Coordinates.Latitude")]
    [TestCase(-90.01, 0, "Coordinates.Latitude")]
    [TestCase(0, 180.01, "Coordinates.Longitude")]
    [TestCase(0, -180.01, "Coordinates.Longitude")]
    public void Coordinates_must_be_on_earth(double latitude, double longitude, string field)
    {
        Create.TestValidate(Valid with { Coordinates = new CoordinatesDto(latitude, longitude) }).ShouldHaveValidationErrorFor(field).Only();
        Update.TestValidate(new UpdateLocationCommand { Coordinates = new CoordinatesDto(latitude, longitude) }).ShouldHaveValidationErrorFor(field).Only();
    }

    [Test]
    public void Coordinates_need_both_latitude_and_longitude()
    {
        Create.TestValidate(Valid with { Coordinates = new CoordinatesDto(1, null) }).ShouldHaveValidationErrorFor("Coordinates.Longitude").Only();
        Create.TestValidate(Valid with { Coordinates = new CoordinatesDto(null, 1) }).ShouldHaveValidationErrorFor("Coordinates.Latitude").Only();
    }

    [Test]
    public void An_update_may_leave_the_name_out_but_not_blank_it()
    {
        Update.TestValidate(new UpdateLocationCommand { City = "Lyon" }).ShouldNotHaveAnyValidationErrors();
        Update.TestValidate(new UpdateLocationCommand { Name = " " }).ShouldHaveValidationErrorFor(c => c.Name).Only();
        Update.TestValidate(new UpdateLocationCommand { Name = new string('n', 201) }).ShouldHaveValidationErrorFor(c => c.Name).Only();
    }
}
