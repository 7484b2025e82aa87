using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirEdge.Api.Domain;

/// <summary>
/// The family plan as a FHIR CarePlan, made from exactly what the family plan service gave the viewer
/// (filtered by consent at that read): the family as a contained Group whose members show a BSN only
/// where the plan shows their care data (a withheld member: name and relation only), the referrals the
/// viewer may see as <c>basedOn</c>, the goals as references to their Goals, the interventions as
/// activities and the MDOs as activities referring to their Appointments.
/// </summary>
public static class CarePlanResources
{
    public static CarePlan CarePlanOf(FamilyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new CarePlan
        {
            Id = plan.FamilyId.ToString(),
            Status = plan.Closure is null ? RequestStatus.Active : RequestStatus.Completed,
            Intent = CarePlan.CarePlanIntent.Plan,
            Title = "Gezinsplan",
            Contained = [FamilyOf(plan)],
            Subject = new ResourceReference("#family"),
            BasedOn = plan.Members.SelectMany(m => m.Referrals).Select(r => new ResourceReference("ServiceRequest/" + r.Id)).ToList(),
            CareTeam = [new ResourceReference("CareTeam/" + plan.FamilyId)],
            Goal = (plan.Goals ?? []).Select(g => new ResourceReference("Goal/" + PlanItemId.Of(plan.FamilyId, g.Id)) { Display = g.Title }).ToList(),
            Activity = (plan.Interventions ?? []).Select(i => new CarePlan.ActivityComponent
            {
                Detail = new CarePlan.DetailComponent
                {
                    Code = new CodeableConcept { Text = i.Kind },
                    Description = i.Title,
                    Status = i.Status switch
                    {
                        "active" => CarePlan.CarePlanActivityStatus.InProgress,
                        "ended" => CarePlan.CarePlanActivityStatus.Completed,
                        "cancelled" => CarePlan.CarePlanActivityStatus.Cancelled,
                        _ => CarePlan.CarePlanActivityStatus.Scheduled,
                    },
                    Scheduled = new Period { Start = Day(i.StartOn), End = i.EndOn is { } end ? Day(end) : null },
                    Performer = [new ResourceReference { Display = i.ResponsibleName }],
                },
            }).Concat((plan.Mdos ?? []).Select(m => new CarePlan.ActivityComponent
            {
                // An MDO is an activity of the plan in its own right: its Appointment.
                Reference = new ResourceReference("Appointment/" + PlanItemId.Of(plan.FamilyId, m.Id)) { Display = "MDO" },
            })).ToList(),
        };
    }

    /// <summary>
    /// The family as a Group (contained as <c>#family</c>): a member shows a BSN only where the plan shows their
    /// care data; one it withholds is named with their relation only.
    /// </summary>
    public static Group FamilyOf(FamilyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new Group
        {
            Id = "family",
            Type = Group.GroupType.Person,
            Actual = true,
            Member = plan.Members.Select(m => new Group.MemberComponent
            {
                Entity = m.Bsn is { } bsn
                    ? new ResourceReference { Type = "Patient", Identifier = new Identifier(ReferralBundle.BsnSystem, bsn), Display = m.Name }
                    : new ResourceReference { Display = m.Relation is null ? m.Name : $"{m.Name} ({m.Relation})" },
            }).ToList(),
        };
    }

    /// <summary>
    /// The family's care team: each active member as a contained Practitioner (nl-core, by name and AGB code) with
    /// their role (the coordinator marked) and organisation; the coordinator first. nl-core-CareTeam 0.12.1-beta.1
    /// allows one PractitionerRole participant (its slice's maximum is 1), so the professionals are named as
    /// Practitioners, which its open slicing takes (docs/fhir.md).
    /// </summary>
    public static CareTeam CareTeamOf(Team team)
    {
        ArgumentNullException.ThrowIfNull(team);
        var active = team.Members.Where(m => m.Status == "active").OrderByDescending(m => m.Coordinator).ToList();
        var people = active.Select((m, i) => new Practitioner
        {
            Id = "p" + i.ToString(CultureInfo.InvariantCulture),
            Meta = new Meta { Profile = [Fhir.NlCoreProfiles.Practitioner] },
            Identifier = m.Agb is null ? [] : [new Identifier(ReferralBundle.AgbSystem, m.Agb)],
            Name = [new HumanName { Use = HumanName.NameUse.Official, Text = m.Name }],
        }).ToList();
        return new CareTeam
        {
            Id = team.FamilyId.ToString(),
            Status = CareTeam.CareTeamStatus.Active,
            Name = "Zorgteam van het gezin",
            Contained = [.. people],
            Participant = active.Select((m, i) => new CareTeam.ParticipantComponent
            {
                Role = [new CodeableConcept { Text = m.Coordinator ? m.Role + " (regisseur)" : m.Role }],
                Member = new ResourceReference("#" + people[i].Id) { Display = m.Name },
                OnBehalfOf = m.OrganisationAgb is null ? null : new ResourceReference { Type = "Organization", Identifier = new Identifier(ReferralBundle.AgbSystem, m.OrganisationAgb) },
                Period = new Period { StartElement = new FhirDateTime(new DateTimeOffset(m.Since, TimeSpan.Zero)) },
            }).ToList(),
        };
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
