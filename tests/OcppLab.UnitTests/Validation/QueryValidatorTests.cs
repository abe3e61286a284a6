using FluentValidation;
using FluentValidation.TestHelper;
using OcppLab.Application.Catalog;
using OcppLab.Application.Chargers.Queries.ListChargers;
using OcppLab.Application.Common.Paging;
using OcppLab.Application.Locations.Commands.DeleteLocationChargers;
using OcppLab.Application.Locations.Queries.ListLocationChargers;
using OcppLab.Application.Locations.Queries.ListLocations;

namespace OcppLab.UnitTests.Validation;

public sealed class QueryValidatorTests
{
    private static IEnumerable<TestCaseData> PagedValidators()
    {
        yield return new TestCaseData((Func<int?, int?, object>)((p, l) => new ListChargersQuery(null, p, l)), new ListChargersValidator()).SetArgDisplayNames("chargers");
        yield return new TestCaseData((Func<int?, int?, object>)((p, l) => new ListLocationsQuery(p, l)), new ListLocationsValidator()).SetArgDisplayNames("locations");
        yield return new TestCaseData((Func<int?, int?, object>)((p, l) => new ListLocationChargersQuery(Guid.NewGuid(), null, p, l)), new ListLocationChargersValidator()).SetArgDisplayNames("location chargers");
        yield return new TestCaseData((Func<int?, int?, object>)((p, l) => new ListBrandsQuery(p, l)), new ListBrandsValidator()).SetArgDisplayNames("brands");
        yield return new TestCaseData((Func<int?, int?, object>)((p, l) => new ListModelsQuery("abb", p, l)), new ListModelsValidator()).SetArgDisplayNames("models");
    }

    private static List<string> Errors(IValidator validator, object query) =>
        validator.Validate(new ValidationContext<object>(query)).Errors.Select(e => e.PropertyName).ToList();

    [TestCaseSource(nameof(PagedValidators))]
    public void Page_is_at_least_1_and_limit_1_to_100(Func<int?, int?, object> query, IValidator validator)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(validator, query(null, null)), Is.Empty);
            Assert.That(Errors(validator, query(1, 1)), Is.Empty);
            Assert.That(Errors(validator, query(int.MaxValue, 100)), Is.Empty);
            Assert.That(Errors(validator, query(0, null)), Is.EqualTo(new[] { "Page" }));
            Assert.That(Errors(validator, query(-3, null)), Is.EqualTo(new[] { "Page" }));
            Assert.That(Errors(validator, query(null, 0)), Is.EqualTo(new[] { "Limit" }));
            Assert.That(Errors(validator, query(null, 101)), Is.EqualTo(new[] { "Limit" }));
            Assert.That(Errors(validator, query(0, 101)), Is.EquivalentTo(new[] { "Page", "Limit" }));
        });
    }

    [Test]
    public void Paging_defaults_to_page_1_of_50()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Paging.PageOrDefault(null), Is.EqualTo(1));
            Assert.That(Paging.LimitOrDefault(null), Is.EqualTo(50));
            Assert.That(Paging.Skip(null, null), Is.Zero);
            Assert.That(Paging.Skip(3, 20), Is.EqualTo(40));
        });
    }

    [Test]
    public void A_location_chargers_subset_names_at_most_1000_chargers()
    {
        var validator = new ListLocationChargersValidator();

        validator.TestValidate(new ListLocationChargersQuery(Guid.NewGuid(), [.. Enumerable.Range(0, 1000).Select(i => $"c{i}")], null, null))
            .ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new ListLocationChargersQuery(Guid.NewGuid(), [.. Enumerable.Range(0, 1001).Select(i => $"c{i}")], null, null))
            .ShouldHaveValidationErrorFor(q => q.ChargerIds);
    }

    [Test]
    public void A_bulk_delete_names_1_to_1000_chargers()
    {
        var validator = new DeleteLocationChargersValidator();

        validator.TestValidate(new DeleteLocationChargersCommand(Guid.NewGuid(), [])).ShouldHaveValidationErrorFor(c => c.ChargerIds);
        validator.TestValidate(new DeleteLocationChargersCommand(Guid.NewGuid(), [.. Enumerable.Range(0, 1001).Select(i => $"c{i}")]))
            .ShouldHaveValidationErrorFor(c => c.ChargerIds);
        validator.TestValidate(new DeleteLocationChargersCommand(Guid.NewGuid(), ["a"])).ShouldNotHaveAnyValidationErrors();
    }
}
