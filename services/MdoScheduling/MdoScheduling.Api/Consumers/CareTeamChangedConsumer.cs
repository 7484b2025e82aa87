using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Contracts;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;

namespace MdoScheduling.Api.Consumers;

/// <summary>
/// Follows each family's care team: who is on it now (whom an MDO may invite). Whoever left or was
/// removed is taken off the family's planned MDOs at once, and everyone is told; an MDO they
/// organised is cancelled. Each person's row
/// keeps the team version of the last change applied to it, so an older event arriving late changes nothing.
/// </summary>
public sealed class CareTeamChangedConsumer(Database database, UnitOfWork unitOfWork, MdoStore mdos, AccessLogWriter access, ILogger<CareTeamChangedConsumer> logger)
    : InboxConsumer<CareTeamChanged>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.MdoSchedulingCareTeamChanged;

    private const string UpdateSql = """
        UPDATE care_team SET role = @Role, organisation_agb = @OrganisationAgb, domain = @Domain, active = @Active, team_version = @TeamVersion
        WHERE family_id = @FamilyId AND user_id = @UserId AND team_version < @TeamVersion
        """;
    private const string InsertSql = """
        INSERT INTO care_team (family_id, user_id, role, organisation_agb, domain, active, team_version)
        SELECT @FamilyId, @UserId, @Role, @OrganisationAgb, @Domain, @Active, @TeamVersion
        WHERE NOT EXISTS (SELECT 1 FROM care_team WHERE family_id = @FamilyId AND user_id = @UserId)
        """;

    protected override async Task HandleAsync(CareTeamChanged m, WriteContext write)
    {
        // On the team: joined by accepting a referral, accepted an invitation, or took the coordinator role.
        var active = m.Change is "joined" or "accepted" or "coordinator";
        var args = new { m.FamilyId, m.UserId, m.Role, m.OrganisationAgb, m.Domain, Active = active, m.TeamVersion };
        var applied = await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, args, write.Transaction, cancellationToken: write.CancellationToken))
            + await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, args, write.Transaction, cancellationToken: write.CancellationToken));
        if (applied == 0 || m.Change is not ("left" or "removed"))
        {
            return;
        }

        foreach (var mdo in await mdos.PlannedForFamilyAsync(m.FamilyId, write.NowUtc, write.CancellationToken))
        {
            if (mdo.Participant(m.UserId) is { } p && ParticipantStatuses.TakesPart(p.Status)
                && !await MdoRemovals.RemoveOrCancelAsync(write, access, mdo, [m.UserId], $"Left the family's care team ({m.Change})."))
            {
                throw new InvalidOperationException($"MDO {mdo.Row.Id} changed while {m.UserId} was taken off it; trying again.");
            }
        }
    }
}
