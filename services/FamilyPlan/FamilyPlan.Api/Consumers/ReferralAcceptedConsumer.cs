using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Referral.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// The accepting professional joins the family's care team, and the plan raises the checks the
/// acceptance calls for (<see cref="CareChecks"/>): a kindcheck for an adult client, an oudercheck
/// for a child with parents named, each assigned to that professional. Both are insert-if-absent,
/// one membership per referral and professional and one task per referral and kind, so a copy
/// changes nothing; and both are keyed by what the event carries, so they may come before the referral.
/// </summary>
public sealed class ReferralAcceptedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<ReferralAcceptedConsumer> logger)
    : InboxConsumer<ReferralAccepted>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanReferralAccepted;

    private const string JoinSql = """
        INSERT INTO care_team_members (referral_id, user_id, family_id, subject_member_id, name, role, agb, organisation_agb, domain, joined_at)
        VALUES (@ReferralId, @UserId, @FamilyId, @SubjectMemberId, @Name, @Role, @Agb, @OrganisationAgb, @Domain, @JoinedAt)
        ON CONFLICT DO NOTHING
        """;
    private const string JoinSqlServer = """
        INSERT INTO care_team_members (referral_id, user_id, family_id, subject_member_id, name, role, agb, organisation_agb, domain, joined_at)
        SELECT @ReferralId, @UserId, @FamilyId, @SubjectMemberId, @Name, @Role, @Agb, @OrganisationAgb, @Domain, @JoinedAt
        WHERE NOT EXISTS (SELECT 1 FROM care_team_members WITH (UPDLOCK, HOLDLOCK) WHERE referral_id = @ReferralId AND user_id = @UserId)
        """;
    private const string RaiseSql = """
        INSERT INTO plan_tasks (id, family_id, referral_id, kind, subject_member_id, members_json, assignee_user_id, assignee_name, created_at, status)
        VALUES (@Id, @FamilyId, @ReferralId, @Kind, @SubjectMemberId, @MembersJson, @AssigneeUserId, @AssigneeName, @CreatedAt, @Status)
        ON CONFLICT DO NOTHING
        """;
    private const string RaiseSqlServer = """
        INSERT INTO plan_tasks (id, family_id, referral_id, kind, subject_member_id, members_json, assignee_user_id, assignee_name, created_at, status)
        SELECT @Id, @FamilyId, @ReferralId, @Kind, @SubjectMemberId, @MembersJson, @AssigneeUserId, @AssigneeName, @CreatedAt, @Status
        WHERE NOT EXISTS (SELECT 1 FROM plan_tasks WITH (UPDLOCK, HOLDLOCK) WHERE referral_id = @ReferralId AND kind = @Kind)
        """;

    protected override async Task HandleAsync(ReferralAccepted m, WriteContext write)
    {
        var (connection, tx, ct) = (write.Connection, write.Transaction, write.CancellationToken);
        var by = m.AcceptedBy;
        await FamilyWrites.EnsureFamilyAsync(Database, write, m.FamilyId);
        var client = await FamilyWrites.BsnOfMemberAsync(write, m.SubjectMemberId);
        var onBehalfOf = by.OrganisationAgb ?? by.Agb;

        var joined = await connection.ExecuteAsync(new CommandDefinition(Database.Sql(JoinSql, sqlServer: JoinSqlServer), new
        {
            m.ReferralId,
            by.UserId,
            m.FamilyId,
            m.SubjectMemberId,
            by.Name,
            by.Role,
            by.Agb,
            by.OrganisationAgb,
            by.Domain,
            JoinedAt = m.AcceptedAt.UtcDateTime,
        }, tx, cancellationToken: ct));
        if (joined == 1)
        {
            await TeamStore.BumpAndAnnounceAsync(write, m.FamilyId, new TeamEvent("joined", by.UserId, by.Role, by.OrganisationAgb, by.Domain), by.UserId, by.Name);
            write.Audit(access.BySystem(AuditAction.Create, "family-plan", "CareTeamMember", m.ReferralId.ToString(), client, onBehalfOf));
        }

        foreach (var check in CareChecks.RaisedBy(m.SubjectMemberId, m.SubjectIsAdult, m.Minors, m.Parents))
        {
            var taskId = Guid.NewGuid();
            var raised = await connection.ExecuteAsync(new CommandDefinition(Database.Sql(RaiseSql, sqlServer: RaiseSqlServer), new
            {
                Id = taskId,
                m.FamilyId,
                m.ReferralId,
                check.Kind,
                m.SubjectMemberId,
                MembersJson = JsonSerializer.Serialize(check.Members),
                AssigneeUserId = by.UserId,
                AssigneeName = by.Name,
                CreatedAt = m.AcceptedAt.UtcDateTime,
                Status = CareTaskStatuses.Open,
            }, tx, cancellationToken: ct));
            if (raised == 1)
            {
                write.Audit(access.BySystem(AuditAction.Create, "family-plan", "CareTask", taskId.ToString(), client, onBehalfOf));
            }
        }
    }
}
