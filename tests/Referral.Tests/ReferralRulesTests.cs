using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http;
using Referral.Api.Data;
using Referral.Api.Domain;
using Referral.Contracts;

namespace Referral.Tests;

/// <summary>
/// The referral's rules decided in <c>Domain/</c> alone, with no platform: whether a step may be
/// taken (who, which version, from which status, against the stored referral), a claim from the
/// pool, and what a referral must pass before it is stored. Each refusal carries its kind, title,
/// rule and field, and no HTTP.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReferralRulesTests
{
    private const string Practice = "01012345";
    private const string Organisation = "73730001";

    private static readonly ReferralStanding AsReceiver = new(Referrer: false, Receiver: true);
    private static readonly ReferralStanding AsReferrer = new(Referrer: true, Receiver: false);
    private static readonly ReferralStanding AsNobody = new(Referrer: false, Receiver: false);
    private static readonly ReferralViewer YouthClinician = new("clinician", "94012345", "73730009", "youth");

    /// <summary>A referral registered on 2 November 2026 (Amsterdam), at version 3.</summary>
    private static ReferralRow Stored(string status, string? receiver = Organisation, DateOnly? intakeOn = null) => new()
    {
        Id = Guid.NewGuid(),
        Status = status,
        Version = 3,
        Domain = "youth",
        ReferrerAgb = Practice,
        ReceiverAgb = receiver,
        SubmittedAt = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc),
        IntakeOn = intakeOn,
    };

    private static IfMatch Sent(string? header)
    {
        var http = new DefaultHttpContext();
        if (header is not null)
        {
            http.Request.Headers.IfMatch = header;
        }

        return IfMatch.Read(http.Request);
    }

    private static readonly IfMatch Current = Sent(IfMatch.ETagOf(3));

    private static readonly StepChange Triage = new(ReferralLifecycle.Triage);

    private static void AssertBroken(Refusal? refusal, string rule, string field)
    {
        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.RuleBroken, refusal.Kind);
        Assert.Equal(rule, refusal.Rule);
        Assert.Equal(field, refusal.Field);
    }

    [Fact]
    public void A_step_on_a_referral_the_caller_does_not_see_finds_no_referral()
    {
        Assert.Equal(ReferralStepRules.NoSuchReferral, ReferralStepRules.Decide(null, AsReceiver, Triage, Current));
        var refusal = ReferralStepRules.Decide(Stored(ReferralStatuses.Received), AsNobody, Triage, Current);
        Assert.Equal(RefusalKind.NotFound, refusal?.Kind);
        Assert.Equal("No such referral.", refusal?.Title);
    }

    [Fact]
    public void A_step_of_the_other_party_is_forbidden_naming_who_takes_it()
    {
        var refusal = ReferralStepRules.Decide(Stored(ReferralStatuses.Received), AsReferrer, Triage, Current);
        Assert.Equal(RefusalKind.Forbidden, refusal?.Kind);
        Assert.Equal("Only the receiving organisation takes this step.", refusal?.Title);

        var cancel = ReferralStepRules.Decide(Stored(ReferralStatuses.Received), AsReceiver, new StepChange(ReferralLifecycle.Cancel, Reason: "Moved."), Current);
        Assert.Equal("Only the referrer takes this step.", cancel?.Title);
    }

    [Fact]
    public void A_step_needs_the_version_read_and_refuses_another()
    {
        var missing = ReferralStepRules.Decide(Stored(ReferralStatuses.Received), AsReceiver, Triage, Sent(null));
        Assert.Equal(RefusalKind.PreconditionRequired, missing?.Kind);
        Assert.Equal("Send the ETag of the version you read in If-Match.", missing?.Title);

        var stale = ReferralStepRules.Decide(Stored(ReferralStatuses.Received), AsReceiver, Triage, Sent(IfMatch.ETagOf(2)));
        Assert.Equal(RefusalKind.Stale, stale?.Kind);
        Assert.Equal("The referral changed since you read it: read it again.", stale?.Title);
    }

    [Fact]
    public void A_step_the_status_does_not_allow_is_a_conflict_listing_the_callers_allowed_steps()
    {
        var refusal = ReferralStepRules.Decide(Stored(ReferralStatuses.Received), AsReceiver, new StepChange(ReferralLifecycle.Accept), Current);

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Equal("This step cannot be taken from status received.", refusal.Title);
        Assert.Equal("Allowed now: triage.", refusal.Detail);
        Assert.Null(refusal.Rule);
        Assert.Equal(ReferralStatuses.Received, refusal.Facts["referralStatus"]);
        Assert.Equal(["triage"], Assert.IsAssignableFrom<IReadOnlyList<string>>(refusal.Facts["allowed"]));
    }

    [Fact]
    public void A_step_allowed_from_the_status_on_the_version_read_is_taken() =>
        Assert.Null(ReferralStepRules.Decide(Stored(ReferralStatuses.Received), AsReceiver, Triage, Current));

    [Fact]
    public void An_intake_before_the_referral_breaks_a_rule_naming_the_field()
    {
        var intake = new StepChange(ReferralLifecycle.ScheduleIntake, IntakeDate: new DateOnly(2026, 11, 1), IntakeHeld: true);
        var refusal = ReferralStepRules.Decide(Stored(ReferralStatuses.Accepted), AsReceiver, intake, Current);

        AssertBroken(refusal, ReferralRules.IntakeBeforeReferral, "intakeDate");
        Assert.Equal("The intake cannot lie before the referral, registered on 2026-11-02.", refusal?.Title);
        Assert.Null(ReferralStepRules.Check(intake with { IntakeDate = new DateOnly(2026, 11, 2) }, new DateOnly(2026, 11, 2), null, Organisation));
    }

    [Fact]
    public void Treatment_starts_after_an_intake_that_was_held()
    {
        var registered = new DateOnly(2026, 11, 2);
        var start = new StepChange(ReferralLifecycle.StartTreatment, TreatmentStart: new DateOnly(2026, 11, 20));

        AssertBroken(ReferralStepRules.Check(start, registered, intakeOn: null, Organisation), ReferralRules.IntakeNotHeld, "treatmentStartDate");
        AssertBroken(ReferralStepRules.Check(start, registered, intakeOn: new DateOnly(2026, 11, 21), Organisation), ReferralRules.TreatmentBeforeIntake, "treatmentStartDate");

        Assert.Null(ReferralStepRules.Check(start, registered, intakeOn: new DateOnly(2026, 11, 20), Organisation));
    }

    [Fact]
    public void A_referral_is_redirected_to_another_organisation()
    {
        var registered = new DateOnly(2026, 11, 2);
        var same = ReferralStepRules.Check(new StepChange(ReferralLifecycle.Redirect, Reason: "Full.", To: new Receiver(Organisation, "Lentis")), registered, null, Organisation);
        AssertBroken(same, ReferralRules.RedirectToSameReceiver, "to.agb");

        Assert.Null(ReferralStepRules.Check(new StepChange(ReferralLifecycle.Redirect, Reason: "Full.", To: new Receiver("73730002", "GGz Centraal")), registered, null, Organisation));
    }

    [Fact]
    public void The_pool_shows_a_referral_to_clinicians_of_its_domain_only_and_the_first_claim_wins()
    {
        var pooled = Stored(ReferralStatuses.Received, receiver: null);
        Assert.Null(ReferralStepRules.MayClaim(pooled, YouthClinician));

        Assert.Equal(ReferralStepRules.NoSuchReferral, ReferralStepRules.MayClaim(null, YouthClinician));
        Assert.Equal(ReferralStepRules.NoSuchReferral, ReferralStepRules.MayClaim(pooled, YouthClinician with { Domain = "adult" }));
        Assert.Equal(ReferralStepRules.NoSuchReferral, ReferralStepRules.MayClaim(pooled, new ReferralViewer("gp", Practice, null, null)));

        var claimed = ReferralStepRules.MayClaim(Stored(ReferralStatuses.Received), YouthClinician);
        Assert.Equal(RefusalKind.Conflict, claimed?.Kind);
        Assert.Equal("Another organisation claimed this referral first.", claimed?.Title);
    }

    [Fact]
    public void An_ended_referral_is_claimed_by_nobody()
    {
        var refusal = ReferralStepRules.MayClaim(Stored(ReferralStatuses.Cancelled, receiver: null), YouthClinician);

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Equal("No step can be taken now.", refusal.Detail);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<string>>(refusal.Facts["allowed"]));
    }

    [Fact]
    public void Each_party_is_offered_its_own_steps()
    {
        Assert.Equal(["triage"], ReferralStepRules.AllowedSteps(ReferralStatuses.Received, AsReceiver));
        Assert.Equal(["cancel", "supplement"], ReferralStepRules.AllowedSteps(ReferralStatuses.Received, AsReferrer));
        Assert.Empty(ReferralStepRules.AllowedSteps(ReferralStatuses.Closed, AsReferrer));
    }

    private static ValidReferral Adult(string? careLevel = "basic", string dsm = "F32.0", string referrerType = ReferralSubmission.GpReferrerType) => new(
        new ReferredPerson("999900006", "Sandra de Vries", new DateOnly(1990, 6, 2), "0344", "3311"), [], Practice, referrerType, null,
        ReferralValidator.Adult, "Low mood for months.", new DsmClassification(dsm, "Major depressive disorder, single episode, mild"), careLevel, Urgent: false);

    [Fact]
    public void A_referral_by_its_own_gp_that_passes_the_domains_rules_is_stored() =>
        Assert.Null(ReferralSubmission.Check(Adult(), Practice));

    [Fact]
    public void An_adult_referral_states_its_care_level()
    {
        var refusal = ReferralSubmission.Check(Adult(careLevel: null), Practice);

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.RuleBroken, refusal.Kind);
        Assert.Equal(ReferralRules.AdultCareLevel, refusal.Rule);
        Assert.Equal("careLevel", refusal.Field);
        Assert.Equal("An adult GGZ referral states its care level.", refusal.Title);
        Assert.Contains("basic or specialised", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suspected_disorders_code_not_on_the_list_is_refused_by_name()
    {
        var refusal = ReferralSubmission.Check(Adult(dsm: "F99.99"), Practice);

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.RuleBroken, refusal.Kind);
        Assert.Equal(ReferralRules.DsmCodeUnknown, refusal.Rule);
        Assert.Equal(DsmCodeRule.Field, refusal.Field);
        Assert.Equal("The suspected disorder's code is not known.", refusal.Title);
        Assert.Contains("F99.99", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_referrer_refers_under_their_own_agb_code_as_a_gp()
    {
        Assert.Equal(RefusalKind.Forbidden, ReferralSubmission.Check(Adult(), "01099999")?.Kind);
        var asOther = ReferralSubmission.Check(Adult(referrerType: "03"), Practice);
        Assert.Equal(RefusalKind.Forbidden, asOther?.Kind);
        Assert.Equal("A GP or POH-GGZ refers as referrer type 02 (GP), not 03.", asOther?.Title);
    }

    [Fact]
    public void Every_rule_the_referral_service_names_is_in_the_catalog()
    {
        string[] named =
        [
            ReferralRules.AdultCareLevel, ReferralRules.DsmCodeUnknown, ReferralRules.IntakeBeforeReferral,
            ReferralRules.IntakeNotHeld, ReferralRules.TreatmentBeforeIntake, ReferralRules.RedirectToSameReceiver,
        ];

        Assert.Equal(named.Order(StringComparer.Ordinal), ReferralRules.All.Keys.Order(StringComparer.Ordinal));
        Assert.All(ReferralRules.All.Values, description => Assert.False(string.IsNullOrWhiteSpace(description)));
    }
}
