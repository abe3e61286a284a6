using OcppLab.Domain.Provisioning;

namespace OcppLab.UnitTests.Domain;

public sealed class WorkflowRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 9, 9, 30, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Policy = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    private static WorkflowRun NewRun(params string[] steps) =>
        WorkflowRun.Create("org", WorkflowKind.ChargerProvisioning, "dep-1", steps.Length == 0 ? ["one", "two"] : steps, Now);

    [Test]
    public void A_new_run_is_pending_due_now_with_its_steps_in_order()
    {
        var run = NewRun("a", "b", "c");

        Assert.Multiple(() =>
        {
            Assert.That(run.Id, Does.Match("^wfr_[0-9a-f]{16}$"));
            Assert.That(run.Status, Is.EqualTo(WorkflowStatus.Pending));
            Assert.That(run.NextAttemptAt, Is.EqualTo(Now));
            Assert.That(run.Steps.Select(s => (s.Index, s.Name, s.Status, s.Attempts, s.RunId)), Is.EqualTo(new[]
            {
                (0, "a", WorkflowStatus.Pending, 0, run.Id), (1, "b", WorkflowStatus.Pending, 0, run.Id), (2, "c", WorkflowStatus.Pending, 0, run.Id),
            }));
            Assert.That(run.CurrentStep!.Name, Is.EqualTo("a"));
            Assert.That(run.HasStarted, Is.False);
            Assert.That(run.IsFinished, Is.False);
        });
    }

    [Test]
    public void A_run_keeps_the_id_it_is_given()
    {
        var run = WorkflowRun.Create("org", WorkflowKind.LocationBulkCreate, "job", ["x"], Now, "wfr_given");

        Assert.That(run.Id, Is.EqualTo("wfr_given"));
        Assert.That(run.Steps.Single().RunId, Is.EqualTo("wfr_given"));
    }

    [Test]
    public void A_run_needs_a_step()
    {
        Assert.Throws<ArgumentException>(() => WorkflowRun.Create("org", WorkflowKind.ChargerProvisioning, "dep-1", [], Now));
    }

    [Test]
    public void Starting_a_step_counts_an_attempt_and_keeps_the_first_start_time()
    {
        var run = NewRun();
        var step = run.CurrentStep!;

        run.StepStarted(step, Now);
        run.StepFailed(step, new StepFailure("x", "y", true), Policy, Now);
        run.StepStarted(step, Now.AddSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(run.Status, Is.EqualTo(WorkflowStatus.Running));
            Assert.That(step.Status, Is.EqualTo(WorkflowStatus.Running));
            Assert.That(step.Attempts, Is.EqualTo(2));
            Assert.That(step.StartedAt, Is.EqualTo(Now));
            Assert.That(run.HasStarted, Is.True);
        });
    }

    [Test]
    public void Succeeding_every_step_succeeds_the_run()
    {
        var run = NewRun();
        var first = run.CurrentStep!;
        run.StepStarted(first, Now);
        run.StepSucceeded(first, Now.AddSeconds(1));

        Assert.That(run.CurrentStep!.Name, Is.EqualTo("two"));
        Assert.That(run.Status, Is.EqualTo(WorkflowStatus.Running));
        Assert.That(run.CompletedAt, Is.Null);

        var second = run.CurrentStep!;
        run.StepStarted(second, Now.AddSeconds(2));
        run.StepSucceeded(second, Now.AddSeconds(3));

        Assert.Multiple(() =>
        {
            Assert.That(run.Status, Is.EqualTo(WorkflowStatus.Succeeded));
            Assert.That(run.IsFinished, Is.True);
            Assert.That(run.CurrentStep, Is.Null);
            Assert.That(run.CompletedAt, Is.EqualTo(Now.AddSeconds(3)));
            Assert.That(second.CompletedAt, Is.EqualTo(Now.AddSeconds(3)));
            Assert.That(run.ErrorCode, Is.Null);
        });
    }

    [Test]
    public void A_retryable_failure_with_attempts_left_is_retried_after_the_back_off()
    {
        var run = NewRun();
        var step = run.CurrentStep!;
        run.StepStarted(step, Now);
        run.StepStarted(step, Now);

        var retried = run.StepFailed(step, new StepFailure("busy", "The CSMS is busy.", Retryable: true), Policy, Now);

        Assert.Multiple(() =>
        {
            Assert.That(retried, Is.True);
            Assert.That(step.Status, Is.EqualTo(WorkflowStatus.Pending));
            Assert.That(step.LastError, Is.EqualTo("busy: The CSMS is busy."));
            Assert.That(run.NextAttemptAt, Is.EqualTo(Now + TimeSpan.FromSeconds(2)), "2nd attempt failed: base × 2");
            Assert.That(run.IsFinished, Is.False);
            Assert.That(run.ErrorCode, Is.Null);
            Assert.That(run.CurrentStep, Is.SameAs(step));
        });
    }

    [Test]
    public void A_retryable_failure_at_the_last_attempt_fails_the_run_as_retryable()
    {
        var run = NewRun();
        var step = run.CurrentStep!;
        for (var i = 0; i < Policy.MaxAttempts; i++)
        {
            run.StepStarted(step, Now);
        }

        var retried = run.StepFailed(step, new StepFailure("busy", "Still busy.", Retryable: true), Policy, Now);

        Assert.Multiple(() =>
        {
            Assert.That(retried, Is.False);
            Assert.That(step.Status, Is.EqualTo(WorkflowStatus.Failed));
            Assert.That(run.Status, Is.EqualTo(WorkflowStatus.Failed));
            Assert.That((run.ErrorCode, run.ErrorMessage, run.ErrorRetryable), Is.EqualTo(("busy", "Still busy.", (bool?)true)));
            Assert.That(run.CompletedAt, Is.EqualTo(Now));
            Assert.That(run.IsFinished, Is.True);
        });
    }

    [Test]
    public void A_permanent_failure_fails_the_run_at_the_first_attempt()
    {
        var run = NewRun();
        var step = run.CurrentStep!;
        run.StepStarted(step, Now);

        var retried = run.StepFailed(step, new StepFailure("gone", "The charger is gone.", Retryable: false), Policy, Now);

        Assert.Multiple(() =>
        {
            Assert.That(retried, Is.False);
            Assert.That(step.Status, Is.EqualTo(WorkflowStatus.Failed));
            Assert.That(step.LastError, Is.EqualTo("gone: The charger is gone."));
            Assert.That(run.Status, Is.EqualTo(WorkflowStatus.Failed));
            Assert.That(run.ErrorRetryable, Is.False);
            Assert.That(run.Steps[1].Status, Is.EqualTo(WorkflowStatus.Pending));
        });
    }

    [Test]
    public void A_postponed_step_is_looked_at_again_later_without_counting_an_attempt()
    {
        var run = NewRun();
        var step = run.CurrentStep!;
        run.StepStarted(step, Now);

        run.StepPostponed(step, Now.AddSeconds(10), Now);

        Assert.Multiple(() =>
        {
            Assert.That(step.Attempts, Is.Zero);
            Assert.That(step.Status, Is.EqualTo(WorkflowStatus.Pending));
            Assert.That(run.NextAttemptAt, Is.EqualTo(Now.AddSeconds(10)));
            Assert.That(run.IsFinished, Is.False);
            Assert.That(run.CurrentStep, Is.SameAs(step));
        });
    }

    [Test]
    public void A_success_clears_the_last_error_and_makes_the_run_due_now()
    {
        var run = NewRun();
        var step = run.CurrentStep!;
        run.StepStarted(step, Now);
        run.StepFailed(step, new StepFailure("busy", "x", true), Policy, Now);
        run.StepStarted(step, Now.AddSeconds(2));

        run.StepSucceeded(step, Now.AddSeconds(3));

        Assert.That(step.LastError, Is.Null);
        Assert.That(run.NextAttemptAt, Is.EqualTo(Now.AddSeconds(3)));
    }

    [Test]
    public void Another_runs_step_is_refused()
    {
        var run = NewRun();
        var other = NewRun().CurrentStep!;

        Assert.Throws<InvalidOperationException>(() => run.StepStarted(other, Now));
        Assert.Throws<InvalidOperationException>(() => run.StepSucceeded(other, Now));
        Assert.Throws<InvalidOperationException>(() => run.StepFailed(other, new StepFailure("x", "y", true), Policy, Now));
        Assert.Throws<InvalidOperationException>(() => run.StepPostponed(other, Now, Now));
    }
}
