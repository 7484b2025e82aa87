using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Referral.Api.Data;

namespace Referral.Api.Domain;

/// <summary>
/// Whether a step may be taken on the stored referral, and a claim from the pool: who may take it,
/// the version the caller read, the status table, and the rules that need the stored referral
/// (domain.md: a referral is dated before the first consult). Pure: the store asks inside the
/// transaction that then writes the step.
/// </summary>
public static class ReferralStepRules
{
    /// <summary>The referral does not exist for the caller.</summary>
    public static readonly Refusal NoSuchReferral = Refusal.NotFound("No such referral.");

    /// <summary>The update named no version (If-Match missing).</summary>
    public static readonly Refusal VersionRequired = Refusal.PreconditionRequired("Send the ETag of the version you read in If-Match.");

    /// <summary>The referral changed since the caller read it.</summary>
    public static readonly Refusal Changed = Refusal.Stale("The referral changed since you read it: read it again.");

    /// <summary>Another clinician claimed the referral from the pool first.</summary>
    public static readonly Refusal AlreadyClaimed = Refusal.Conflict("Another organisation claimed this referral first.");

    /// <summary>Who takes the steps of <paramref name="party"/>, in words.</summary>
    public static string NameOf(ReferralParty party) => party == ReferralParty.Referrer ? "the referrer" : "the receiving organisation";

    /// <summary>
    /// Why <paramref name="change"/> may not be taken on <paramref name="row"/> by a viewer of
    /// <paramref name="standing"/> who read the version <paramref name="ifMatch"/> names, or null when it may:
    /// in this order, a referral the viewer does not see, a step of the other party, no version,
    /// another version, a step the status does not allow, a rule of <see cref="Check"/>.
    /// </summary>
    public static Refusal? Decide(ReferralRow? row, ReferralStanding standing, StepChange change, IfMatch ifMatch)
    {
        ArgumentNullException.ThrowIfNull(standing);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(ifMatch);
        if (row is null || !standing.Sees)
        {
            return NoSuchReferral;
        }

        var party = change.Step.Party;
        if (!standing.Acts(party))
        {
            return Refusal.Forbidden($"Only {NameOf(party)} takes this step.");
        }

        if (!ifMatch.Given)
        {
            return VersionRequired;
        }

        if (!ifMatch.Matches(IfMatch.ETagOf(row.Version)))
        {
            return Changed;
        }

        if (!ReferralLifecycle.CanTake(row.Status, change.Step))
        {
            return NotFrom(row.Status, AllowedSteps(row.Status, standing));
        }

        return Check(change, row.RegisteredOn, row.IntakeOn, row.ReceiverAgb);
    }

    /// <summary>
    /// Why <paramref name="viewer"/> may not claim <paramref name="row"/> from the regional intake pool,
    /// or null when they may: the pool shows a referral only to clinicians of its domain (to anyone
    /// else it does not exist); the first claim wins; an ended referral is claimed by nobody.
    /// </summary>
    public static Refusal? MayClaim(ReferralRow? row, ReferralViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return row is null || !ReferralAccess.WorksFromPool(viewer, row.Domain) ? NoSuchReferral
            : row.ReceiverAgb is not null ? AlreadyClaimed
            : ReferralLifecycle.IsEnded(row.Status) ? NotFrom(row.Status, [])
            : null;
    }

    /// <summary>A step is not allowed from <paramref name="status"/>: the steps the caller may take now are listed.</summary>
    public static Refusal NotFrom(string status, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return Refusal.Conflict($"This step cannot be taken from status {status}.")
            .Because(allowed.Count == 0 ? "No step can be taken now." : $"Allowed now: {string.Join(", ", allowed)}.")
            .With("referralStatus", status)
            .With("allowed", allowed);
    }

    /// <summary>The steps a viewer of <paramref name="standing"/> may take on a referral of <paramref name="status"/> now.</summary>
    public static IReadOnlyList<string> AllowedSteps(string status, ReferralStanding standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        return ReferralLifecycle.Allowed(status).Where(s => standing.Acts(s.Party)).Select(s => s.Name).ToList();
    }

    /// <summary>The rule <paramref name="change"/> breaks on a referral registered on <paramref name="registeredOn"/>, or null.</summary>
    public static Refusal? Check(StepChange change, DateOnly registeredOn, DateOnly? intakeOn, string? receiverAgb)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.IntakeDate is { } intake && intake < registeredOn)
        {
            return Refusal.Broken(ReferralRules.IntakeBeforeReferral, $"The intake cannot lie before the referral, registered on {registeredOn:yyyy-MM-dd}.", "intakeDate");
        }

        if (change.Step == ReferralLifecycle.StartTreatment)
        {
            if (intakeOn is not { } held)
            {
                return Refusal.Broken(ReferralRules.IntakeNotHeld, "Treatment starts after the intake: record the intake as held first.", "treatmentStartDate");
            }

            if (change.TreatmentStart < held)
            {
                return Refusal.Broken(ReferralRules.TreatmentBeforeIntake, $"Treatment cannot start before the intake on {held:yyyy-MM-dd}.", "treatmentStartDate");
            }
        }

        if (change.To is { } to && to.Agb == receiverAgb)
        {
            return Refusal.Broken(ReferralRules.RedirectToSameReceiver, "A referral is redirected to another organisation than the one that has it.", "to.agb");
        }

        return null;
    }
}
