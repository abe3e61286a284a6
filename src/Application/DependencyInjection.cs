using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Application.Locations;

namespace OcppLab.Application;

public static class DependencyInjection
{
    /// <summary>Validators and application services. The mediator itself is generated in the host (Api).</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddScoped<LocationResolver>();
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<Abstractions.ChargerLocks>();
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
