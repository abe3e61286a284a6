namespace OcppLab.Application.Locations;

public sealed record CoordinatesDto(double? Latitude, double? Longitude);
