using Coordination.ServiceDefaults.Outcomes;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Endpoints;

namespace MdoScheduling.Tests;

/// <summary>
/// What may be done to an MDO, decided by <see cref="Mdo"/> and <see cref="MdoRefusals"/> alone, with no
/// platform: who changes it and when, what a reschedule, a cancel, a removal and an answer change,
/// and the outcome's checks; each refusal carries its kind, title and rule, and no HTTP.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MdoRulesTests
{
    private const string Organiser = "poh-1";
    private const string Clinician = "clinician-1";
    private const string Therapist = "therapist-1";
    private static readonly Guid Daan = Guid.NewGuid();
    private static readonly DateTime Start = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Mdo Planned(string status = MdoStatuses.Planned)
    {
        var id = Guid.NewGuid();
        return new Mdo(
            new MdoRow
            {
                Id = id, FamilyId = Guid.NewGuid(), Purpose = "Afstemming", OrganiserUserId = Organiser, OrganiserName = "Pien Poh", Status = status,
                StartsAt = Start, EndsAt = Start.AddHours(1), WindowEndsAt = Start.AddDays(14), Sequence = 2, Version = 5,
            },
            [
                Participant(id, Organiser, "poh", null, true, ParticipantStatuses.Accepted),
                Participant(id, Clinician, "clinician", "adult", true, ParticipantStatuses.Declined),
                Participant(id, Therapist, "family-therapist", null, false, ParticipantStatuses.Removed),
                new ParticipantRow
                {
                    MdoId = id, ParticipantId = ParticipantKinds.FamilyId(Daan), Kind = ParticipantKinds.Family, Name = "Daan", Role = "client",
                    MemberId = Daan, Status = ParticipantStatuses.NeedsAction,
                },
            ]);
    }

    private static ParticipantRow Participant(Guid mdoId, string id, string role, string? domain, bool required, string status) => new()
    {
        MdoId = mdoId, ParticipantId = id, Kind = ParticipantKinds.Professional, Name = id, Role = role, Domain = domain, Required = required,
        Status = status, Reason = status == ParticipantStatuses.Declined ? "On leave" : null,
    };

    [Fact]
    public void Only_the_organiser_changes_a_planned_MDO_at_the_version_they_read()
    {
        var mdo = Planned();
        Assert.Null(mdo.MayChange(Organiser, versionGiven: true, versionMatches: true));
        var notOrganiser = mdo.MayChange(Clinician, versionGiven: false, versionMatches: false)!;
        Assert.Equal((RefusalKind.Forbidden, "Only the organiser changes the MDO."), (notOrganiser.Kind, notOrganiser.Title));
        var noVersion = mdo.MayChange(Organiser, versionGiven: false, versionMatches: false)!;
        Assert.Equal((RefusalKind.PreconditionRequired, "Send the MDO's ETag in If-Match."), (noVersion.Kind, noVersion.Title));
        Assert.Equal(RefusalKind.Stale, mdo.MayChange(Organiser, versionGiven: true, versionMatches: false)!.Kind);
        var held = Planned(MdoStatuses.Held).MayChange(Organiser, versionGiven: true, versionMatches: true)!;
        Assert.Equal((RefusalKind.Conflict, "The MDO is held: it changes no more."), (held.Kind, held.Title));
        Assert.Null(held.Rule);
    }

    [Fact]
    public void A_reschedule_asks_everyone_again_but_the_organiser_and_leaves_the_removed_off()
    {
        var mdo = Planned();
        var now = Start.AddDays(-1);
        var slot = mdo.MovedTo(Start.AddDays(2));
        Assert.Equal(new Period(Start.AddDays(2), Start.AddDays(2).AddHours(1)), slot);
        Assert.Equal([Organiser, Clinician], mdo.MustBeFree().ToArray());

        var after = mdo.Rescheduled(slot, now);
        Assert.Equal((slot.Start, slot.End, 3), (after.Row.StartsAt, after.Row.EndsAt, after.Row.Sequence));
        Assert.Equal((ParticipantStatuses.Accepted, (DateTime?)now), (after.Participant(Organiser)!.Status, after.Participant(Organiser)!.AnsweredAt));
        Assert.Equal(ParticipantStatuses.NeedsAction, after.Participant(Clinician)!.Status);
        Assert.Null(after.Participant(Clinician)!.Reason);
        Assert.Equal(ParticipantStatuses.Removed, after.Participant(Therapist)!.Status);
        Assert.Equal((Start, 2, ParticipantStatuses.Declined), (mdo.Row.StartsAt, mdo.Row.Sequence, mdo.Participant(Clinician)!.Status));
    }

    [Fact]
    public void A_cancel_and_a_removal_raise_the_sequence_and_leave_the_MDO_read_as_read()
    {
        var mdo = Planned();
        var cancelled = mdo.Cancelled("Crisis");
        Assert.Equal((MdoStatuses.Cancelled, "Crisis", 3), (cancelled.Row.Status, cancelled.Row.CancelReason, cancelled.Row.Sequence));
        Assert.Equal(MdoStatuses.Planned, mdo.Row.Status);
        Assert.Null(mdo.Row.CancelReason);

        var without = mdo.Without([Clinician], "Consent withdrawn");
        Assert.Equal((ParticipantStatuses.Removed, "Consent withdrawn", 3), (without.Participant(Clinician)!.Status, without.Participant(Clinician)!.Reason, without.Row.Sequence));
        Assert.Equal(ParticipantStatuses.Accepted, without.Participant(Organiser)!.Status);
    }

    [Fact]
    public void A_planned_MDO_takes_answers_and_the_same_answer_changes_nothing()
    {
        var mdo = Planned();
        Assert.Null(mdo.MayAnswer());
        var cancelled = Planned(MdoStatuses.Cancelled).MayAnswer()!;
        Assert.Equal((RefusalKind.Conflict, "The MDO is cancelled: it takes no answers."), (cancelled.Kind, cancelled.Title));
        Assert.Null(mdo.Answered(Clinician, ParticipantStatuses.Declined, "On leave", Start));
        var accepted = mdo.Answered(Clinician, ParticipantStatuses.Accepted, null, Start)!;
        Assert.Equal((ParticipantStatuses.Accepted, (DateTime?)Start), (accepted.Participant(Clinician)!.Status, accepted.Participant(Clinician)!.AnsweredAt));
        Assert.Null(accepted.Participant(Clinician)!.Reason);
    }

    [Fact]
    public void A_booking_invites_everyone_the_plan_names_and_the_organiser_accepts()
    {
        CalendarRow Calendar(string id) => new() { UserId = id, Name = id, Role = "clinician" };
        var plan = new PlannedMdo(Guid.NewGuid(), "Afstemming", [new FamilyMemberRow { MemberId = Daan, Name = "Daan" }], Calendar(Organiser),
            [Calendar(Clinician)], [Calendar(Therapist)], [new FamilyMemberRow { MemberId = Daan }], TimeSpan.FromHours(1), new Period(Start, Start.AddDays(7)));
        var mdo = Mdo.Book(plan, new Period(Start, Start.AddHours(1)));
        Assert.Equal((MdoStatuses.Planned, 0, 1, Start.AddDays(7)), (mdo.Row.Status, mdo.Row.Sequence, mdo.Row.Version, mdo.Row.WindowEndsAt));
        Assert.Equal([Daan], mdo.Row.Members.ToArray());
        Assert.Equal(
            [(Organiser, true, ParticipantStatuses.Accepted), (Clinician, true, ParticipantStatuses.NeedsAction), (Therapist, false, ParticipantStatuses.NeedsAction),
                (ParticipantKinds.FamilyId(Daan), false, ParticipantStatuses.NeedsAction)],
            mdo.Participants.Select(p => (p.ParticipantId, p.Required, p.Status)).ToArray());
        Assert.Equal("Family member", mdo.Participant(ParticipantKinds.FamilyId(Daan))!.Name);
        Assert.All(mdo.Participants, p => Assert.Equal(mdo.Row.Id, p.MdoId));
    }

    [Fact]
    public void No_outcome_before_the_MDO_started()
    {
        var check = Planned().RecordOutcome(new MdoOutcomeRequest(false, [], []), [Daan], Start.AddMinutes(-1));
        Assert.Equal((RefusalKind.Conflict, "The MDO has not started yet: record its outcome after it was held."), (check.Refusal!.Kind, check.Refusal.Title));
        Assert.Null(check.After);
    }

    [Fact]
    public void The_outcome_names_each_field_at_fault()
    {
        var request = new MdoOutcomeRequest(null,
            [new AttendanceInput(Therapist, true, 30), new AttendanceInput(Clinician, false, 30)],
            [new DecisionInput("Plan", "client-1", new DateOnly(2026, 11, 9), null), new DecisionInput("Plan", Clinician, new DateOnly(2026, 11, 1), null),
                new DecisionInput("Plan", Clinician, new DateOnly(2026, 11, 9), Guid.NewGuid()), new DecisionInput(" ", Organiser, new DateOnly(2026, 11, 9), null)]);
        var check = Planned().RecordOutcome(request, [Daan], Start.AddHours(2));
        Assert.Null(check.Refusal);
        Assert.Null(check.After);
        Assert.Equal(
            ["attendance[0].participantId", "attendance[1].minutes", "clientPresent", "decisions[0].ownerUserId", "decisions[1].dueOn", "decisions[2].memberId", "decisions[3].text"],
            check.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void The_outcome_holds_the_MDO_and_bills_only_a_Zvw_GGZ_clinician_without_the_client()
    {
        var mdo = Planned();
        var request = new MdoOutcomeRequest(false,
            [new AttendanceInput(Organiser, true, 45), new AttendanceInput(Clinician, true, 45)],
            [new DecisionInput(" Start gezinsbehandeling ", Clinician, new DateOnly(2026, 11, 16), Daan)]);
        var check = mdo.RecordOutcome(request, [Daan], Start.AddHours(2));
        Assert.Empty(check.Errors);
        var after = check.After!;
        Assert.Equal((MdoStatuses.Held, (bool?)false, 3), (after.Row.Status, after.Row.ClientPresent, after.Row.Sequence));
        Assert.NotNull(after.Row.OutcomeJson);
        Assert.Equal(new DateOnly(2026, 11, 2), check.Outcome!.HeldOn);
        Assert.Equal([(Organiser, false), (Clinician, true)], check.Outcome.Attendance.Select(a => (a.ParticipantId, a.Billable)).ToArray());
        Assert.Equal(MdoBilling.LongConsultation, check.Outcome.Attendance[1].TimeKind);
        var decision = Assert.Single(check.Outcome.Decisions);
        Assert.Equal(("Start gezinsbehandeling", Clinician, (Guid?)Daan), (decision.Text, decision.OwnerUserId, decision.MemberId));
        Assert.Equal(MdoStatuses.Planned, mdo.Row.Status);

        var withClient = mdo.RecordOutcome(request with { ClientPresent = true }, [Daan], Start.AddHours(2));
        Assert.All(withClient.Outcome!.Attendance, a => Assert.False(a.Billable));
    }

    [Fact]
    public void Only_care_professionals_organise_and_keep_a_calendar()
    {
        Assert.Null(MdoRefusals.MayOrganise("gp"));
        Assert.Null(MdoRefusals.MayKeepCalendar("clinician"));
        var organise = MdoRefusals.MayOrganise("client")!;
        Assert.Equal((RefusalKind.Forbidden, "Only care professionals organise MDOs."), (organise.Kind, organise.Title));
        var calendar = MdoRefusals.MayKeepCalendar("insurer")!;
        Assert.Equal((RefusalKind.Forbidden, "Only care professionals keep a calendar for MDOs."), (calendar.Kind, calendar.Title));
    }

    [Fact]
    public void A_slot_not_free_names_the_participant_and_the_slot_in_Amsterdam_time()
    {
        var slot = new Period(Start, Start.AddHours(1));
        var busy = MdoRefusals.SlotNotFree(Clinician, "Eva Smit", slot);
        Assert.Equal((RefusalKind.Conflict, (string?)MdoSchedulingRules.SlotNotFree, "Eva Smit is not free from 2026-11-02 10:00 to 11:00 (Amsterdam): choose another time."),
            (busy.Kind, busy.Rule, busy.Title));
        Assert.Null(busy.Field);
        Assert.Equal(Clinician, busy.Facts["participant"]);
        Assert.True(busy.Facts.ContainsKey("slot"));

        var booked = MdoRefusals.SlotBooked(Clinician, "Eva Smit", slot);
        Assert.Equal((RefusalKind.Conflict, (string?)MdoSchedulingRules.SlotNotFree), (booked.Kind, booked.Rule));
        Assert.StartsWith("Eva Smit was booked for another MDO from 2026-11-02 10:00 to 11:00", booked.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_has_one_id_and_says_what_it_requires()
    {
        Assert.Equal(
            [MdoSchedulingRules.MemberNotInFamily, MdoSchedulingRules.NoCalendar, MdoSchedulingRules.NoMdoConsent, MdoSchedulingRules.NotOnCareTeam, MdoSchedulingRules.SlotNotFree],
            MdoSchedulingRules.All.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.All(MdoSchedulingRules.All.Values, description => Assert.False(string.IsNullOrWhiteSpace(description)));
    }
}
