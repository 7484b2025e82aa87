using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;

namespace FamilyPlan.Api.Domain;

/// <summary>
/// Who may work on a kindcheck or oudercheck, and when: only its assignee, once; a step of the
/// Meldcode once, in <see cref="Meldcode"/>'s order. Each refusal a <see cref="Refusal"/>. Pure.
/// </summary>
public static class CareTaskRules
{
    /// <summary>The answer to anyone but the assignee, and about a task the family does not have: nobody else learns it exists.</summary>
    public static readonly Refusal NoSuchTask = Refusal.NotFound("No such task.");

    /// <summary>The answer to completing a check a second time.</summary>
    public static readonly Refusal CompletedAlready = Refusal.Conflict("This check is completed already.");

    /// <summary>Whether <paramref name="viewer"/> may work on <paramref name="task"/> of <paramref name="facts"/>: only its assignee.</summary>
    public static Refusal? MayWork(FamilyFacts? facts, FamilyFacts.CareTask? task, PlanViewer viewer) =>
        facts is null || task is null || !PlanVisibility.IsAssignee(facts, viewer, task) ? NoSuchTask : null;

    /// <summary>
    /// Whether step <paramref name="step"/> of <paramref name="task"/>'s Meldcode checklist may be marked
    /// done now: the task has a checklist (a kindcheck completed with concerns), the step is one of 1
    /// to 5, and the Meldcode's order allows it (<see cref="FamilyPlanRules.MeldcodeDecideLast"/>).
    /// </summary>
    public static Refusal? MayMarkStep(FamilyFacts.CareTask task, int step)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Steps.Count == 0 || Meldcode.Step(step) is null)
        {
            return Refusal.NotFound(task.Steps.Count == 0
                ? "This check has no Meldcode checklist: only a kindcheck completed with concerns opens one."
                : "No such step: the Meldcode has steps 1 to 5.");
        }

        var verdict = Meldcode.MayMark(step, task.Steps.Where(s => s.DoneAt is not null).Select(s => s.Step).ToList());
        return verdict.Allowed ? null : Refusal.Broken(verdict.RuleId!, "The Meldcode's order refuses this.").Because(verdict.Rule);
    }

    /// <summary>The answer to marking step <paramref name="step"/> a second time.</summary>
    public static Refusal StepDoneAlready(int step) => Refusal.Conflict($"Step {step} is done already.");
}
