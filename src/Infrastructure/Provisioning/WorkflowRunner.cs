using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Observability;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning;

/// <summary>
/// Runs durable workflows. Runs are claimed with a lease through a conditional UPDATE, so several
/// runner instances can share one database; progress is persisted after every step attempt, so a
/// run interrupted by a crash or a shutdown resumes at its first unfinished step.
/// </summary>
public sealed class WorkflowRunner(
    IServiceScopeFactory scopes,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<WorkflowRunner> logger) : BackgroundService, IWorkflowSignal
{
    private readonly WorkflowOptions _options = options.Value;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<string, Task> _active = new(StringComparer.Ordinal);

    public void RunAvailable()
    {
        // A single pending wake-up is enough: the loop claims everything that is due.
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Workflow runner {InstanceId} started", _options.InstanceId);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = _options.MaxConcurrency - _active.Count;
                if (free > 0)
                {
                    foreach (var runId in await ClaimAsync(free, stoppingToken))
                    {
                        Start(runId, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Claiming workflow runs failed; retrying at the next poll");
            }

            await WaitForWorkAsync(stoppingToken);
        }

        await Task.WhenAll(_active.Values);
    }

    private void Start(string runId, CancellationToken stoppingToken)
    {
        // Registered before it starts, so that the run is never seen as idle while it is processed.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _active[runId] = done.Task;
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await ProcessAsync(runId, stoppingToken);
                }
                finally
                {
                    _active.TryRemove(runId, out _);
                    done.SetResult();
                    RunAvailable();
                }
            },
            CancellationToken.None);
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var waits = new List<Task> { _wake.WaitAsync(delay.Token), Task.Delay(_options.PollInterval, time, delay.Token) };
        if (_active.Count >= _options.MaxConcurrency)
        {
            waits.Add(Task.WhenAny(_active.Values));
        }

        await Task.WhenAny(waits);
        await delay.CancelAsync();
        await Task.WhenAll(waits).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Claims up to <paramref name="max"/> due runs whose lease is free or expired.</summary>
    private async Task<List<string>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        var now = time.GetUtcNow();
        var active = _active.Keys.ToList();
        var candidates = await db.WorkflowRuns.AsNoTracking()
            .Where(r => (r.Status == WorkflowStatus.Pending || r.Status == WorkflowStatus.Running)
                && r.NextAttemptAt <= now
                && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now)
                && !active.Contains(r.Id))
            .OrderBy(r => r.NextAttemptAt)
            .Select(r => r.Id)
            .Take(max)
            .ToListAsync(cancellationToken);

        var claimed = new List<string>(candidates.Count);
        foreach (var id in candidates)
        {
            var until = now + _options.LeaseDuration;
            var rows = await db.WorkflowRuns
                .Where(r => r.Id == id && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(r => r.LeaseOwner, _options.InstanceId).SetProperty(r => r.LeaseExpiresAt, until),
                    cancellationToken);
            if (rows == 1)
            {
                claimed.Add(id);
            }
        }

        return claimed;
    }

    private async Task ProcessAsync(string runId, CancellationToken stoppingToken)
    {
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewLeaseAsync(runId, leaseLost);
        try
        {
            await RunStepsAsync(runId, leaseLost.Token);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            logger.LogInformation("Workflow run {RunId} interrupted; it resumes from its last persisted step", runId);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Workflow run {RunId} could not be processed; it will be retried", runId);
        }
        finally
        {
            await leaseLost.CancelAsync();
            await renewal;
            await ReleaseAsync(runId);
        }
    }

    private async Task RunStepsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<OcppLabDbContext>();
        var steps = services.GetServices<IWorkflowStep>().GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var policy = new RetryPolicy(_options.MaxAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay);

        var run = await db.WorkflowRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        while (run is { IsFinished: false } && run.CurrentStep is { } step && run.NextAttemptAt <= time.GetUtcNow())
        {
            run.StepStarted(step, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                var implementation = steps.GetValueOrDefault(step.Name)
                    ?? throw new StepFailedException("unknown_step", $"No implementation for step '{step.Name}'.", retryable: false);
                var result = await implementation.ExecuteAsync(run, cancellationToken);
                if (result.RecheckAfter is { } recheck)
                {
                    run.StepPostponed(step, time.GetUtcNow() + recheck, time.GetUtcNow());
                }
                else
                {
                    run.StepSucceeded(step, time.GetUtcNow());
                    logger.LogDebug("Workflow run {RunId} step {Step} succeeded", run.Id, step.Name);
                }
            }
            catch (StepFailedException ex)
            {
                RecordFailure(run, step, ex.Failure, policy, ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Anything unexpected (a database hiccup, a timeout) is worth another try.
                RecordFailure(run, step, new StepFailure("internal_error", ex.Message, Retryable: true), policy, ex);
            }

            if (run.IsFinished)
            {
                await CompleteAsync(services, run, cancellationToken);
                metrics.ProvisioningFinished(
                    run.Kind.ToString(),
                    run.Status.ToString().ToLowerInvariant(),
                    ((run.CompletedAt ?? time.GetUtcNow()) - run.CreatedAt).TotalSeconds);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private void RecordFailure(WorkflowRun run, WorkflowStep step, StepFailure failure, RetryPolicy policy, Exception ex)
    {
        var retried = run.StepFailed(step, failure, policy, time.GetUtcNow());
        if (retried)
        {
            logger.LogWarning(
                "Workflow run {RunId} step {Step} attempt {Attempt} failed ({Code}: {Message}); retrying at {NextAttemptAt}",
                run.Id, step.Name, step.Attempts, failure.Code, failure.Message, run.NextAttemptAt);
        }
        else
        {
            logger.LogError(
                ex,
                "Workflow run {RunId} failed at step {Step} after {Attempts} attempt(s): {Code}: {Message}",
                run.Id, step.Name, step.Attempts, failure.Code, failure.Message);
        }
    }

    private static async Task CompleteAsync(IServiceProvider services, WorkflowRun run, CancellationToken cancellationToken)
    {
        foreach (var completion in services.GetServices<IWorkflowCompletion>().Where(c => c.Kind == run.Kind))
        {
            await completion.CompleteAsync(run, cancellationToken);
        }
    }

    private async Task RenewLeaseAsync(string runId, CancellationTokenSource leaseLost)
    {
        var period = TimeSpan.FromTicks(Math.Max(_options.LeaseDuration.Ticks / 3, TimeSpan.TicksPerMillisecond * 50));
        try
        {
            while (true)
            {
                await Task.Delay(period, time, leaseLost.Token);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
                var until = time.GetUtcNow() + _options.LeaseDuration;
                var rows = await db.WorkflowRuns
                    .Where(r => r.Id == runId && r.LeaseOwner == _options.InstanceId)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, until), leaseLost.Token);
                if (rows == 0)
                {
                    logger.LogWarning("Lost the lease on workflow run {RunId}; another runner owns it now", runId);
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Renewing the lease on workflow run {RunId} failed", runId);
        }
    }

    /// <summary>Gives the run back, so any runner may take it at its next attempt time (or now, after a shutdown).</summary>
    private async Task ReleaseAsync(string runId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
            await db.WorkflowRuns
                .Where(r => r.Id == runId && r.LeaseOwner == _options.InstanceId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Releasing workflow run {RunId} failed; its lease will expire", runId);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
