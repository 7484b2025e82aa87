using Hl7.Fhir.Model;

namespace FhirEdge.Api.Domain;

/// <summary>
/// The id of a part of a family plan (a goal, an outcome measurement, an MDO) as a FHIR id: the family's
/// id and the part's, each as 32 hex digits, together 64 characters, the most an R4 id may have. The
/// edge keeps no index of its own, so the id carries the family whose plan it reads (docs/adr/0025).
/// </summary>
public static class PlanItemId
{
    public static string Of(Guid familyId, Guid itemId) => familyId.ToString("N") + itemId.ToString("N");

    public static bool TryParse(string id, out Guid familyId, out Guid itemId)
    {
        ArgumentNullException.ThrowIfNull(id);
        (familyId, itemId) = (Guid.Empty, Guid.Empty);
        return id.Length == 64
            && Guid.TryParseExact(id.AsSpan(0, 32), "N", out familyId)
            && Guid.TryParseExact(id.AsSpan(32), "N", out itemId);
    }
}

/// <summary>
/// A family plan's goals, outcome measurements and MDOs as FHIR Goal, Observation and Appointment, each made
/// from what the family plan service gave the viewer at that read: a part of a member whose care data the
/// viewer may not see is not in the plan, so it is not found here either.
/// </summary>
public static class PlanItemResources
{
    private const string Interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    /// <summary>The goal <paramref name="goalId"/> of the plan, or null when the plan does not show it.</summary>
    public static Goal? FindGoal(FamilyPlan plan, Guid goalId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // A member's goal is in the plan only with the member's care data; should it not be, it is not shown either.
        return (plan.Goals ?? []).FirstOrDefault(g => g.Id == goalId) is { } goal && (goal.MemberId is null || Shown(plan, goal.MemberId) is not null)
            ? GoalOf(plan, goal)
            : null;
    }

    /// <summary>
    /// A goal against nl-core-TreatmentObjective: a member's goal about that member (by BSN), the family's about
    /// the family, a contained Group as in the CarePlan.
    /// </summary>
    public static Goal GoalOf(FamilyPlan plan, PlanGoal goal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(goal);
        var member = Shown(plan, goal.MemberId);
        return new Goal
        {
            Id = PlanItemId.Of(plan.FamilyId, goal.Id),
            Meta = new Meta { Profile = [Fhir.NlCoreProfiles.TreatmentObjective] },
            Contained = member is null ? [CarePlanResources.FamilyOf(plan)] : [],
            LifecycleStatus = goal.Status switch { "achieved" => Goal.GoalLifecycleStatus.Completed, "dropped" => Goal.GoalLifecycleStatus.Cancelled, _ => Goal.GoalLifecycleStatus.Active },
            AchievementStatus = goal.Status == "achieved" ? new CodeableConcept("http://terminology.hl7.org/CodeSystem/goal-achievement", "achieved") : null,
            Description = new CodeableConcept { Text = goal.Title },
            Subject = member is null ? new ResourceReference("#family") : Patient(member),
            Note = goal.Description is null ? [] : [new Annotation { Text = new Markdown(goal.Description) }],
            ExpressedBy = new ResourceReference { Display = goal.OwnerName },
            Target = [new Goal.TargetComponent { Due = new Date(goal.EvaluationOn.Year, goal.EvaluationOn.Month, goal.EvaluationOn.Day) }],
        };
    }

    /// <summary>Every outcome measurement the plan shows, newest first, as Observations.</summary>
    public static IEnumerable<Observation> Observations(FamilyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return from member in plan.Outcomes?.Members ?? []
               let shown = Shown(plan, member.MemberId)
               where shown is not null
               from trajectory in member.Instruments
               from point in trajectory.Points
               orderby point.MeasuredOn descending
               select ObservationOf(plan.FamilyId, shown, trajectory, point);
    }

    /// <summary>The outcome measurement <paramref name="measurementId"/>, or null when the plan does not show it.</summary>
    public static Observation? FindObservation(FamilyPlan plan, Guid measurementId) =>
        Observations(plan).FirstOrDefault(o => o.Id == PlanItemId.Of(plan.FamilyId, measurementId));

    /// <summary>
    /// A measurement as a survey Observation: the instrument by name (its id where no longer listed), the score as
    /// a quantity, abnormal (A) where past the instrument's clinical cut-off and normal (N) where not, based on the CarePlan.
    /// </summary>
    private static Observation ObservationOf(Guid familyId, PlanMember member, InstrumentTrajectory trajectory, OutcomePoint point) => new()
    {
        Id = PlanItemId.Of(familyId, point.Id),
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey", null)],
        Code = new CodeableConcept { Text = trajectory.Instrument?.Name ?? trajectory.InstrumentId },
        Subject = Patient(member),
        BasedOn = [new ResourceReference("CarePlan/" + familyId)],
        Effective = new FhirDateTime(point.MeasuredOn.Year, point.MeasuredOn.Month, point.MeasuredOn.Day),
        Performer = [new ResourceReference { Display = point.RecordedBy.Name }],
        Value = new Quantity { Value = point.Score, Unit = "score", System = "http://unitsofmeasure.org", Code = "{score}" },
        Interpretation = point.PastCutOff is { } past
            ? [new CodeableConcept(Interpretation, past ? "A" : "N", past ? "Abnormal" : "Normal", null)]
            : [],
    };

    /// <summary>Every MDO the plan shows, the latest first, as Appointments.</summary>
    public static IEnumerable<Appointment> Appointments(FamilyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (plan.Mdos ?? []).OrderByDescending(m => m.Start).Select(m => AppointmentOf(plan.FamilyId, m));
    }

    /// <summary>The MDO <paramref name="mdoId"/>, or null when the plan does not show it.</summary>
    public static Appointment? FindAppointment(FamilyPlan plan, Guid mdoId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (plan.Mdos ?? []).FirstOrDefault(m => m.Id == mdoId) is { } mdo ? AppointmentOf(plan.FamilyId, mdo) : null;
    }

    /// <summary>
    /// An MDO as the plan shows it: when, booked, cancelled or held (fulfilled), and who takes part with their answer;
    /// never what is discussed. A participant removed from it is left out.
    /// </summary>
    public static Appointment AppointmentOf(Guid familyId, PlanMdo mdo)
    {
        ArgumentNullException.ThrowIfNull(mdo);
        return new Appointment
        {
            Id = PlanItemId.Of(familyId, mdo.Id),
            Status = mdo.Status switch
            {
                "cancelled" => Appointment.AppointmentStatus.Cancelled,
                "held" => Appointment.AppointmentStatus.Fulfilled,
                _ => Appointment.AppointmentStatus.Booked,
            },
            ServiceType = [new CodeableConcept { Text = "Multidisciplinair overleg (MDO)" }],
            Start = mdo.Start,
            End = mdo.End,
            MinutesDuration = (int)(mdo.End - mdo.Start).TotalMinutes,
            SupportingInformation = [new ResourceReference("CarePlan/" + familyId)],
            Participant = mdo.Participants.Where(p => p.Status != "removed").Select(p => new Appointment.ParticipantComponent
            {
                Actor = new ResourceReference { Display = p.Name },
                Required = p.Required ? Appointment.ParticipantRequired.Required : Appointment.ParticipantRequired.Optional,
                Status = p.Status switch
                {
                    "accepted" => ParticipationStatus.Accepted,
                    "declined" => ParticipationStatus.Declined,
                    _ => ParticipationStatus.NeedsAction,
                },
            }).ToList(),
        };
    }

    /// <summary>The member whose care data the plan shows, by id; null for the family or a member it withholds.</summary>
    private static PlanMember? Shown(FamilyPlan plan, Guid? memberId) =>
        memberId is null ? null : plan.Members.FirstOrDefault(m => m.MemberId == memberId && m.Bsn is not null);

    private static ResourceReference Patient(PlanMember member) =>
        new() { Type = "Patient", Identifier = new Identifier(ReferralBundle.BsnSystem, member.Bsn), Display = member.Name };
}
