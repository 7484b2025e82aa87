using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;

namespace FamilyPlan.Tests;

/// <summary>
/// Who may change the care team, decided by <see cref="CareTeam"/> alone, with no platform: each
/// refusal carries its reason (not found, forbidden, conflict, a broken rule) and no HTTP.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CareTeamRulesTests
{
    private static readonly CareProfessional Coordinator = new("dr-de-vries", "clinician", "22220001", "youth");
    private static readonly CareProfessional Member = new("dr-bakker", "clinician", "22220002", "adult");
    private static readonly CareProfessional Outsider = new("dr-smit", "clinician", "22220003", "adult");

    private static FamilyFacts Team() => new(Guid.NewGuid(), [], [], [], [], new Dictionary<string, Guid>(),
        [Accepted(Coordinator), Accepted(Member)], [])
    {
        CoordinatorUserId = Coordinator.UserId,
    };

    private static FamilyFacts.CareTeamMember Accepted(CareProfessional p) => new()
    {
        ReferralId = Guid.NewGuid(), UserId = p.UserId, Name = p.UserId, Role = p.Role, OrganisationAgb = p.Organisation, Domain = p.Domain,
        JoinedAt = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc),
    };

    private static PlanViewer As(CareProfessional p) => new(null, null, p);

    [Fact]
    public void A_member_leaves_themselves_and_the_coordinator_hands_over_first()
    {
        var team = Team();
        Assert.Null(CareTeam.MayRemove(team, As(Member), Member.UserId));
        Assert.Null(CareTeam.MayRemove(team, As(Coordinator), Member.UserId));
        Assert.Equal(RefusalKind.Conflict, CareTeam.MayRemove(team, As(Coordinator), Coordinator.UserId)?.Kind);
        Assert.Equal(RefusalKind.Forbidden, CareTeam.MayRemove(team, As(Member), Coordinator.UserId)?.Kind);
    }

    [Fact]
    public void Someone_off_the_team_finds_no_team_to_change()
    {
        var team = Team();
        Assert.Equal(RefusalKind.NotFound, CareTeam.MayRemove(team, As(Outsider), Member.UserId)?.Kind);
        Assert.Equal(RefusalKind.NotFound, CareTeam.MayHandOver(team, As(Outsider), Outsider.UserId)?.Kind);
        Assert.Equal(RefusalKind.NotFound, CareTeam.MayClose(team, As(Outsider))?.Kind);
    }

    [Fact]
    public void Only_the_coordinator_hands_the_role_to_a_person_on_the_team()
    {
        var team = Team();
        Assert.Null(CareTeam.MayHandOver(team, As(Coordinator), Member.UserId));
        Assert.Equal(RefusalKind.Forbidden, CareTeam.MayHandOver(team, As(Member), Member.UserId)?.Kind);
        var outsider = CareTeam.MayHandOver(team, As(Coordinator), Outsider.UserId)!;
        Assert.Equal((RefusalKind.RuleBroken, "The coordinator is a member of the care team who joined in person.", "coordinator-on-team"),
            (outsider.Kind, outsider.Title, outsider.Rule));
    }

    [Fact]
    public void The_coordinator_closes_the_plan_once()
    {
        var team = Team();
        Assert.Null(CareTeam.MayClose(team, As(Coordinator)));
        Assert.Equal(RefusalKind.Forbidden, CareTeam.MayClose(team, As(Member))?.Kind);
        var closed = team with { Closure = new FamilyFacts.ClosureRow() };
        Assert.Equal((RefusalKind.Conflict, "plan-closed"), (CareTeam.MayClose(closed, As(Coordinator))!.Kind, CareTeam.MayClose(closed, As(Coordinator))!.Rule));
    }
}
