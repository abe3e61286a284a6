namespace OcppLab.Application.Abstractions;

/// <summary>Commits the changes tracked by the repositories of the current scope, atomically.</summary>
public interface IUnitOfWork
{
    /// <exception cref="Common.Exceptions.UniqueConstraintException">A unique key would be duplicated.</exception>
    Task SaveChangesAsync(CancellationToken cancellationToken);
}
