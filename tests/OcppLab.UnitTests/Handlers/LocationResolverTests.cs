using Microsoft.Extensions.Time.Testing;
using Moq;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Locations;
using OcppLab.Domain.Locations;

namespace OcppLab.UnitTests.Handlers;

/// <summary>Find-or-create of locations, including requests racing to create the same one.</summary>
public sealed class LocationResolverTests
{
    private const string Org = "org-1";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private Mock<ILocationRepository> _locations = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;
    private List<Location> _added = null!;
    private List<Location> _removed = null!;

    [SetUp]
    public void SetUp()
    {
        _added = [];
        _removed = [];
        _locations = new Mock<ILocationRepository>(MockBehavior.Strict);
        _locations.Setup(l => l.Add(It.IsAny<Location>())).Callback<Location>(_added.Add);
        _locations.Setup(l => l.Remove(It.IsAny<Location>())).Callback<Location>(_removed.Add);
        _locations.Setup(l => l.SlugsLikeAsync(Org, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _locations.Setup(l => l.FindByNameAsync(Org, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);
        _locations.Setup(l => l.FindBySlugAsync(Org, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);
        _unitOfWork = new Mock<IUnitOfWork>(MockBehavior.Strict);
        _unitOfWork.Setup(u => u.SaveChangesAsync(It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    private LocationResolver Resolver() => new(_locations.Object, _unitOfWork.Object, _time, Microsoft.Extensions.Logging.Abstractions.NullLogger<LocationResolver>.Instance);

    [Test]
    public async Task A_new_name_is_created_and_committed()
    {
        var location = await Resolver().ResolveAsync(Org, null, " Hub ", CancellationToken.None);

        Assert.That((location.Name, location.Slug, location.OrganizationId), Is.EqualTo(("Hub", "hub", Org)));
        Assert.That(_added, Is.EqualTo(new[] { location }));
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task A_name_whose_slug_is_taken_by_another_location_gets_the_next_free_slug()
    {
        _locations.Setup(l => l.SlugsLikeAsync(Org, "hub", It.IsAny<CancellationToken>())).ReturnsAsync(["hub", "hub-2", "hub-4"]);

        var location = await Resolver().ResolveAsync(Org, null, "HUB", CancellationToken.None);

        Assert.That(location.Slug, Is.EqualTo("hub-3"));
    }

    [Test]
    public async Task Losing_the_race_for_a_name_finds_the_winners_location()
    {
        var winner = Location.Create(Org, "Hub", "hub", _time.GetUtcNow());
        _locations.SetupSequence(l => l.FindByNameAsync(Org, "Hub", It.IsAny<CancellationToken>()))
            .ReturnsAsync((Location?)null)
            .ReturnsAsync(winner);
        _unitOfWork.Setup(u => u.SaveChangesAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new UniqueConstraintException());

        var location = await Resolver().ResolveAsync(Org, null, "Hub", CancellationToken.None);

        Assert.That(location, Is.SameAs(winner));
        Assert.That(_removed, Is.EqualTo(_added), "the location that lost is forgotten, not saved later");
    }

    [Test]
    public async Task Losing_the_race_for_the_default_location_finds_it()
    {
        var winner = Location.Create(Org, "Default", "default", _time.GetUtcNow());
        _locations.SetupSequence(l => l.FindBySlugAsync(Org, "default", It.IsAny<CancellationToken>()))
            .ReturnsAsync((Location?)null)
            .ReturnsAsync(winner);
        _unitOfWork.Setup(u => u.SaveChangesAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new UniqueConstraintException());

        var location = await Resolver().ResolveAsync(Org, null, null, CancellationToken.None);

        Assert.That(location, Is.SameAs(winner));
        Assert.That(_added.Single().Slug, Is.EqualTo("default"));
    }

    [Test]
    public async Task An_existing_location_is_found_without_writing()
    {
        var existing = Location.Create(Org, "Hub", "hub", _time.GetUtcNow());
        _locations.Setup(l => l.FindByNameAsync(Org, "Hub", It.IsAny<CancellationToken>())).ReturnsAsync(existing);

        Assert.That(await Resolver().ResolveAsync(Org, null, "Hub", CancellationToken.None), Is.SameAs(existing));
        Assert.That(_added, Is.Empty);
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void A_location_id_must_be_the_tenants()
    {
        var id = Guid.NewGuid();
        _locations.Setup(l => l.GetAsync(Org, id, It.IsAny<CancellationToken>())).ReturnsAsync((Location?)null);

        var exception = Assert.ThrowsAsync<RequestValidationException>(() => Resolver().ResolveAsync(Org, id, "ignored", CancellationToken.None));

        Assert.That(exception!.Errors.Keys, Is.EqualTo(new[] { "location_id" }));
    }

    [Test]
    public async Task An_explicit_create_that_loses_its_slug_takes_the_next_one()
    {
        _locations.SetupSequence(l => l.SlugsLikeAsync(Org, "hub", It.IsAny<CancellationToken>()))
            .ReturnsAsync([])
            .ReturnsAsync(["hub"]);
        _unitOfWork.SetupSequence(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(new UniqueConstraintException())
            .Returns(Task.CompletedTask);

        var location = await Resolver().CreateAsync(Org, "Hub", new LocationDetails { City = "Paris" }, CancellationToken.None);

        Assert.That((location.Slug, location.City), Is.EqualTo(("hub-2", "Paris")));
        Assert.That(_removed.Single().Slug, Is.EqualTo("hub"));
    }

    [Test]
    public void Endless_contention_is_a_409_not_a_500()
    {
        _unitOfWork.Setup(u => u.SaveChangesAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new UniqueConstraintException());

        Assert.ThrowsAsync<ConflictException>(() => Resolver().CreateAsync(Org, "Hub", null, CancellationToken.None));
        Assert.That(_added, Has.Count.EqualTo(LocationResolver.MaxAttempts));
    }
}
