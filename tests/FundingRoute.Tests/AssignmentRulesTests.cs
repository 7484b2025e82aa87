using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Outcomes;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain;
using FundingRoute.Api.Domain.Engine;
using FundingRoute.Api.Domain.Ijw;

namespace FundingRoute.Tests;

/// <summary>
/// Who may request, read and take each step of an iJw assignment, and what each step does to it,
/// decided by <see cref="AssignmentLifecycle"/> alone with no platform; the financiers' and the
/// what-if refusals too. Each refusal carries its kind, title and rule, and no HTTP.
/// </summary>
[Trait("Category", "Unit")]
public sealed class AssignmentRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly AssignmentParty Utrecht = new(AssignmentLifecycle.Municipality, "0344");
    private static readonly AssignmentParty Amsterdam = new(AssignmentLifecycle.Municipality, "0363");
    private static readonly AssignmentParty Practice = new(AssignmentLifecycle.Provider, "94012345");
    private static readonly AssignmentParty OtherPractice = new(AssignmentLifecycle.Provider, "94099999");

    private static RequestableRoute Route(string law = FundingRules.Jeugdwet, string? financier = "0344", string paperwork = "[\"iJw JW315 request for assignment\"]",
        string? provider = "94012345") => new()
    {
        SubjectBsn = "999990019", SubjectBirthDate = new DateOnly(2011, 3, 14), Law = law, FinancierCode = financier, PaperworkJson = paperwork, ProviderAgb = provider,
    };

    private static AssignmentRow Row(string status = AssignmentStatuses.Requested) => new()
    {
        AssignmentId = Guid.NewGuid(), ReferralId = Guid.NewGuid(), SubjectBsn = "999990019", MunicipalityCode = "0344", ProviderAgb = "94012345",
        ProductCategory = "54", CodeRelease = IjwCodeLists.Release, Status = status, RequestedOn = Today, ReceiptDueOn = Today.AddDays(3),
        AnswerDueOn = Today.AddDays(5), Version = 1,
    };

    private static ClaimsPrincipal User(string role, string claim, string value) =>
        new(new ClaimsIdentity(new[] { new Claim(ClaimNames.Role, role), new Claim(claim, value) }, "test"));

    /// <summary>The refusal expected: its kind, its title and the rule it names, if any.</summary>
    private static (RefusalKind Kind, string Title, string? Rule) Refused(RefusalKind kind, string title, string? rule = null) => (kind, title, rule);

    /// <summary>What a refusal says, to compare: records compare their facts by reference.</summary>
    private static (RefusalKind Kind, string Title, string? Rule) Said(Refusal? refusal)
    {
        Assert.NotNull(refusal);
        return (refusal.Kind, refusal.Title, refusal.Rule);
    }

    [Fact]
    public void A_municipality_and_a_provider_are_parties_by_their_codes_and_anyone_else_is_none()
    {
        Assert.Equal(Utrecht, AssignmentParty.Of(User(Roles.Municipality, ClaimNames.Municipality, "0344")));
        Assert.Equal(Practice, AssignmentParty.Of(User(Roles.Clinician, ClaimNames.Org, "94012345")));
        Assert.Null(AssignmentParty.Of(User(Roles.Insurer, ClaimNames.Uzovi, "3311")));
        Assert.Null(AssignmentParty.Of(User(Roles.Client, ClaimNames.Municipality, "0344")));
        Assert.True(Utrecht.Owns(Row()));
        Assert.False(Amsterdam.Owns(Row()));
        Assert.True(Practice.Owns(Row()));
        Assert.False(OtherPractice.Owns(Row()));
    }

    [Fact]
    public void Only_a_youth_care_provider_requests_an_assignment()
    {
        Assert.Null(AssignmentLifecycle.MayRequest(Practice));
        Assert.Equal(Refused(RefusalKind.Forbidden, "Only a youth care provider (a professional of an organisation) requests an assignment."), Said(AssignmentLifecycle.MayRequest(Utrecht)));
        Assert.Equal(RefusalKind.Forbidden, AssignmentLifecycle.MayRequest(null)?.Kind);
    }

    [Fact]
    public void A_referral_another_organisation_accepted_does_not_exist_for_the_provider()
    {
        Assert.Null(AssignmentLifecycle.MayRequestFor(Practice, Route()));
        Assert.Equal(Refused(RefusalKind.NotFound, "No referral this organisation accepted has that id."), Said(AssignmentLifecycle.MayRequestFor(OtherPractice, Route())));
        Assert.Equal(RefusalKind.NotFound, AssignmentLifecycle.MayRequestFor(Practice, null)?.Kind);
        Assert.Equal(RefusalKind.NotFound, AssignmentLifecycle.MayRequestFor(Practice, Route(provider: null))?.Kind);
    }

    [Fact]
    public void A_request_is_for_youth_care_under_the_jeugdwet_after_a_referral_with_direct_access()
    {
        Assert.Null(AssignmentLifecycle.ByRequest(Route()));
        foreach (var route in new[] { Route(law: FundingRules.Zvw), Route(financier: null), Route(paperwork: "[\"Municipal decision (beschikking) by the wijkteam\"]") })
        {
            var refusal = AssignmentLifecycle.ByRequest(route);
            Assert.Equal(Refused(RefusalKind.Conflict, "This referral's youth care is not assigned on a provider's request.", FundingRouteRules.AssignmentNotByRequest), Said(refusal));
            Assert.Contains("Jeugdwet art. 2.6", refusal!.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_second_request_of_an_organisation_points_to_its_first()
    {
        var first = Guid.NewGuid();
        var refusal = AssignmentLifecycle.AlreadyRequested(first);
        Assert.Equal(Refused(RefusalKind.Conflict, "This organisation already requested an assignment for this referral.", FundingRouteRules.AssignmentAlreadyRequested), Said(refusal));
        Assert.Equal($"See /api/funding/assignments/{first}.", refusal.Detail);
    }

    [Fact]
    public void A_new_request_goes_to_the_municipality_that_pays_with_its_deadlines()
    {
        var referral = Guid.NewGuid();
        var row = AssignmentLifecycle.Request(referral, Route(), Practice, "54", Today);
        var deadlines = AssignmentLifecycle.Deadlines(Today, investigatingResidence: false);
        Assert.Equal((referral, "0344", "94012345", AssignmentStatuses.Requested, 1), (row.ReferralId, row.MunicipalityCode, row.ProviderAgb, row.Status, row.Version));
        Assert.Equal((deadlines.ReceiptDueOn, deadlines.AnswerDueOn), (row.ReceiptDueOn, row.AnswerDueOn));
        Assert.Equal(("999990019", "54", IjwCodeLists.Release), (row.SubjectBsn, row.ProductCategory, row.CodeRelease));
    }

    [Fact]
    public void Another_partys_request_does_not_exist_for_the_caller_and_a_step_is_its_actors_to_send()
    {
        var row = Row();
        Assert.Null(AssignmentLifecycle.MayAccess(Utrecht, row));
        Assert.Null(AssignmentLifecycle.MayAccess(Practice, row));
        Assert.Same(AssignmentLifecycle.NoParty, AssignmentLifecycle.MayAccess(null, row));
        Assert.Equal(RefusalKind.Forbidden, AssignmentLifecycle.NoParty.Kind);
        Assert.Equal(Refused(RefusalKind.NotFound, "No such assignment request."), Said(AssignmentLifecycle.MayAccess(Amsterdam, row, AssignmentLifecycle.Receive)));
        Assert.Equal(RefusalKind.NotFound, AssignmentLifecycle.MayAccess(OtherPractice, row)?.Kind);
        Assert.Equal(RefusalKind.NotFound, AssignmentLifecycle.MayAccess(Utrecht, null)?.Kind);
        Assert.Null(AssignmentLifecycle.MayAccess(Utrecht, row, AssignmentLifecycle.Receive));
        Assert.Equal(Refused(RefusalKind.Forbidden, "The JW305 is the provider's to send."), Said(AssignmentLifecycle.MayAccess(Utrecht, row, AssignmentLifecycle.Start)));
        Assert.Equal(Refused(RefusalKind.Forbidden, "The JW316 is the municipality's to send."), Said(AssignmentLifecycle.MayAccess(Practice, row, AssignmentLifecycle.Receive)));
    }

    [Fact]
    public void A_step_out_of_turn_is_a_conflict_naming_the_steps_allowed_now()
    {
        Assert.Null(AssignmentLifecycle.MayTake(AssignmentLifecycle.Receive, Row(), AssignmentLifecycle.Municipality));
        var early = AssignmentLifecycle.MayTake(AssignmentLifecycle.Start, Row(), AssignmentLifecycle.Provider);
        Assert.Equal(Refused(RefusalKind.Conflict, "A request that is requested takes no start.", FundingRouteRules.AssignmentStepNotAllowed), Said(early));
        Assert.Null(early!.Detail);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<string>>(early.Facts["allowed"]));
        var received = AssignmentLifecycle.MayTake(AssignmentLifecycle.Receive, Row(AssignmentStatuses.Received), AssignmentLifecycle.Municipality)!;
        Assert.Equal(["assignment", "rejection"], Assert.IsAssignableFrom<IReadOnlyList<string>>(received.Facts["allowed"]));
        Assert.Equal(RefusalKind.Conflict, AssignmentLifecycle.MayTake(AssignmentLifecycle.Stop, Row(AssignmentStatuses.Stopped), AssignmentLifecycle.Provider)?.Kind);
    }

    [Fact]
    public void The_municipalitys_answers_change_the_request_as_their_messages_say()
    {
        var row = Row();
        var receipt = AssignmentLifecycle.Apply(AssignmentLifecycle.Receive, row, new(true, null, null, null, null), Today);
        Assert.Null(receipt.Error);
        Assert.Equal((AssignmentStatuses.Received, (DateOnly?)Today, "woonplaatsbeginsel"), (receipt.Changed.Status, receipt.Changed.ReceivedOn, receipt.Detail));
        Assert.Equal(AssignmentLifecycle.Deadlines(Today, investigatingResidence: true).AnswerDueOn, receipt.Changed.AnswerDueOn);
        // The request itself is not changed: the step works on a copy, stored only if nothing changed meanwhile.
        Assert.Equal(AssignmentStatuses.Requested, row.Status);

        var assigned = AssignmentLifecycle.Apply(AssignmentLifecycle.Assign, row, new(null, Today.AddDays(1), new DateOnly(2026, 12, 31), null, null), Today);
        Assert.Equal((AssignmentStatuses.Assigned, "2026-11-24/2026-12-31", (DateOnly?)Today), (assigned.Changed.Status, assigned.Detail, assigned.Changed.AnsweredOn));
        Assert.Equal("2026-11-24/", AssignmentLifecycle.Apply(AssignmentLifecycle.Assign, row, new(null, Today.AddDays(1), null, null, null), Today).Detail);
        Assert.Equal("from", AssignmentLifecycle.Apply(AssignmentLifecycle.Assign, row, new(null, null, null, null, null), Today).Error?.Field);
        Assert.Equal("to", AssignmentLifecycle.Apply(AssignmentLifecycle.Assign, row, new(null, Today, Today.AddDays(-1), null, null), Today).Error?.Field);

        var rejected = AssignmentLifecycle.Apply(AssignmentLifecycle.Reject, row, new(null, null, null, "8", null), Today);
        Assert.Equal((AssignmentStatuses.Rejected, "8", "8"), (rejected.Changed.Status, rejected.Changed.RejectionReason, rejected.Detail));
        Assert.Equal("reason", AssignmentLifecycle.Apply(AssignmentLifecycle.Reject, row, new(null, null, null, "7", null), Today).Error?.Field);
    }

    [Fact]
    public void A_JW316_with_retour_codes_returns_the_request_and_the_providers_corrected_JW315_asks_again_with_new_deadlines()
    {
        var row = Row();
        var returned = AssignmentLifecycle.Apply(AssignmentLifecycle.Return, row, new(null, null, null, null, null, Codes: ["0200", "8848", "8848"]), Today);
        Assert.Null(returned.Error);
        Assert.Equal((AssignmentStatuses.Returned, (DateOnly?)Today, "0200 8848"), (returned.Changed.Status, returned.Changed.ReceivedOn, returned.Detail));
        // Neither side is late on a returned request: the municipality answered, the provider corrects.
        Assert.False(returned.Changed.Deadlines.ReceiptOverdue(returned.Changed.Status, Today.AddDays(30)));
        Assert.False(returned.Changed.Deadlines.AnswerOverdue(returned.Changed.Status, Today.AddDays(30)));
        Assert.Equal(["resend"], AssignmentLifecycle.Allowed(AssignmentStatuses.Returned, AssignmentLifecycle.Provider));
        Assert.Empty(AssignmentLifecycle.Allowed(AssignmentStatuses.Returned, AssignmentLifecycle.Municipality));
        // No codes, only "no remark", or a code that is none: the field named, nothing returned.
        foreach (var codes in new string[]?[] { null, [], ["0200"], ["88"], ["0001", "x001"] })
        {
            Assert.Equal("codes", AssignmentLifecycle.Apply(AssignmentLifecycle.Return, row, new(null, null, null, null, null, Codes: codes), Today).Error?.Field);
        }

        var later = Today.AddDays(7);
        var resent = AssignmentLifecycle.Apply(AssignmentLifecycle.Resend, returned.Changed, new(null, null, null, null, null, ProductCategory: "54"), later);
        var deadlines = AssignmentLifecycle.Deadlines(later, investigatingResidence: false);
        Assert.Equal((AssignmentStatuses.Requested, "54", later, (DateOnly?)null, "54"),
            (resent.Changed.Status, resent.Changed.ProductCategory, resent.Changed.RequestedOn, resent.Changed.ReceivedOn, resent.Detail));
        Assert.Equal((deadlines.ReceiptDueOn, deadlines.AnswerDueOn), (resent.Changed.ReceiptDueOn, resent.Changed.AnswerDueOn));
        Assert.Null(AssignmentLifecycle.Apply(AssignmentLifecycle.Resend, returned.Changed, new(null, null, null, null, null), later).Error);
        Assert.Equal("productCategory", AssignmentLifecycle.Apply(AssignmentLifecycle.Resend, returned.Changed, new(null, null, null, null, null, ProductCategory: "99"), later).Error?.Field);
    }

    [Fact]
    public void The_providers_start_and_stop_lie_within_the_period_and_not_after_today()
    {
        var assigned = Row(AssignmentStatuses.Assigned);
        (assigned.AssignedFrom, assigned.AssignedTo) = (Today.AddDays(-10), Today.AddDays(30));
        var started = AssignmentLifecycle.Apply(AssignmentLifecycle.Start, assigned, new(null, null, null, null, Today.AddDays(-2)), Today);
        Assert.Null(started.Error);
        Assert.Null(started.Detail);
        Assert.Equal((AssignmentStatuses.Started, (DateOnly?)Today.AddDays(-2)), (started.Changed.Status, started.Changed.StartedOn));
        Assert.Equal("on", AssignmentLifecycle.Apply(AssignmentLifecycle.Start, assigned, new(null, null, null, null, Today.AddDays(1)), Today).Error?.Field);
        Assert.Equal("on", AssignmentLifecycle.Apply(AssignmentLifecycle.Start, assigned, new(null, null, null, null, Today.AddDays(-11)), Today).Error?.Field);

        var running = started.Changed;
        var stopped = AssignmentLifecycle.Apply(AssignmentLifecycle.Stop, running, new(null, null, null, "31", Today), Today);
        Assert.Equal((AssignmentStatuses.Stopped, (DateOnly?)Today, "31", "31"), (stopped.Changed.Status, stopped.Changed.StoppedOn, stopped.Changed.StopReason, stopped.Detail));
        Assert.Equal("on", AssignmentLifecycle.Apply(AssignmentLifecycle.Stop, running, new(null, null, null, "31", Today.AddDays(-3)), Today).Error?.Field);
        Assert.Equal("reason", AssignmentLifecycle.Apply(AssignmentLifecycle.Stop, running, new(null, null, null, "3", Today), Today).Error?.Field);
    }

    [Fact]
    public void Youth_ggz_still_running_stops_on_the_18th_birthday_as_planned()
    {
        var running = Row(AssignmentStatuses.Started);
        running.SubjectBirthDate = new DateOnly(2008, 11, 20);
        var stopped = AssignmentLifecycle.StopAtEighteen(running);
        Assert.Equal((AssignmentStatuses.Stopped, (DateOnly?)new DateOnly(2026, 11, 20), "31"), (stopped.Status, stopped.StoppedOn, stopped.StopReason));
        Assert.Equal(AssignmentStatuses.Started, running.Status);
    }

    [Fact]
    public void A_step_on_a_request_that_changed_meanwhile_is_a_conflict()
    {
        Assert.Equal(Refused(RefusalKind.Conflict, "The request changed while this step was taken; read it again.", FundingRouteRules.AssignmentChanged),
            Said(AssignmentLifecycle.Changed));
    }

    [Fact]
    public void A_route_that_is_not_the_callers_is_not_found_and_only_financiers_list_and_sum()
    {
        Assert.Equal(Refused(RefusalKind.NotFound, "No such funding route."), Said(FinancierAccess.NoSuchRoute));
        Assert.Equal(Refused(RefusalKind.Forbidden, "Only a municipality or an insurer lists funding routes."), Said(FinancierAccess.OnlyFinanciersList));
        Assert.Equal(Refused(RefusalKind.Forbidden, "Only a municipality or an insurer sees its population's sums."), Said(FinancierAccess.OnlyFinanciersSum));
    }

    [Fact]
    public void Care_professionals_ask_what_would_pay_and_financiers_see_what_family_therapy_is_worth()
    {
        var clinician = User(Roles.Clinician, ClaimNames.Org, "94012345");
        var municipality = User(Roles.Municipality, ClaimNames.Municipality, "0344");
        var client = User(Roles.Client, ClaimNames.Subject, "client-1");
        Assert.Null(FundingQuestions.MayEvaluate(clinician));
        Assert.Equal(Refused(RefusalKind.Forbidden, "Care professionals ask what would pay for the help they plan."), Said(FundingQuestions.MayEvaluate(municipality)));
        Assert.Null(FundingQuestions.MayReadCostBenefit(clinician));
        Assert.Null(FundingQuestions.MayReadCostBenefit(municipality));
        Assert.Equal(Refused(RefusalKind.Forbidden, "The cost–benefit figures are for care professionals and financiers."), Said(FundingQuestions.MayReadCostBenefit(client)));
    }

    [Fact]
    public void Every_refusal_rule_is_in_the_catalog_and_no_funding_rule_is()
    {
        Assert.Equal(
            [FundingRouteRules.AssignmentNotByRequest, FundingRouteRules.AssignmentAlreadyRequested, FundingRouteRules.AssignmentStepNotAllowed, FundingRouteRules.AssignmentChanged],
            FundingRouteRules.All.Keys);
        Assert.All(FundingRouteRules.All.Values, sentence => Assert.EndsWith(".", sentence, StringComparison.Ordinal));
        Assert.DoesNotContain(FundingRuleBook.Rules, rule => FundingRouteRules.All.ContainsKey(rule.Id));
    }
}
