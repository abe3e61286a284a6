using Moq;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Locations.Commands.DeleteLocation;
using OcppLab.Domain.Locations;

namespace OcppLab.UnitTests.Handlers;

public sealed class DeleteLocationHandlerTests
{
    private const string Org = "org-1";
    private readonly Location _location = Location.Create(Org, "Hub", "hub", DateTimeOffset.UnixEpoch);
    private Mock<ILocationRepository> _locations = null!;
    private Mock<IChargerRepository> _chargers = null!;
    private Mock<IUnitOfWork> _unitOfWork = null!;

    [SetUp]
    public void SetUp()
    {
        _locations = new Mock<ILocationRepository>();
        _locations.Setup(l => l.GetAsync(Org, _location.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_location);
        _chargers = new Mock<IChargerRepository>();
        _unitOfWork = new Mock<IUnitOfWork>();
    }

    private DeleteLocationHandler Handler()
    {
        var tenant = new Mock<ITenantContext>();
        tenant.SetupGet(t => t.OrganizationId).Returns(Org);
        return new DeleteLocationHandler(tenant.Object, _locations.Object, _chargers.Object, _unitOfWork.Object);
    }

    [Test]
    public async Task An_empty_location_is_removed()
    {
        await Handler().Handle(new DeleteLocationCommand(_location.Id), CancellationToken.None);

        _locations.Verify(l => l.Remove(_location), Times.Once);
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void A_location_with_chargers_is_a_409_and_stays()
    {
        _chargers.Setup(c => c.AnyInLocationAsync(Org, _location.Id, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        Assert.ThrowsAsync<ConflictException>(async () => await Handler().Handle(new DeleteLocationCommand(_location.Id), CancellationToken.None));

        _locations.Verify(l => l.Remove(It.IsAny<Location>()), Times.Never);
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void An_unknown_or_foreign_location_is_a_404()
    {
        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(new DeleteLocationCommand(Guid.NewGuid()), CancellationToken.None));

        _chargers.Verify(c => c.AnyInLocationAsync(It.IsAny<string>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
        _unitOfWork.Verify(u => u.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Never);
    }
}
