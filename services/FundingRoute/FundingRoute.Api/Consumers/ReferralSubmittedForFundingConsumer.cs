using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Coordination.ServiceDefaults;
using Dapper;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain;
using FundingRoute.Contracts;
using Referral.Contracts;

namespace FundingRoute.Api.Consumers;

/// <summary>Decides the first funding route for a referred person and publishes it.</summary>
public sealed class ReferralSubmittedForFundingConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<ReferralSubmittedForFundingConsumer> logger)
    : InboxConsumer<ReferralSubmittedForFunding>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FundingRouteReferralSubmitted;

    /// <summary>The first decision for a referral is version 1; a later re-decision raises it.</summary>
    private const int FirstVersion = 1;

    private const string InsertSql = """
        INSERT INTO funding_routes (referral_id, family_id, subject_bsn, subject_birth_date, municipality_code, uzovi, law, financier_type,
            financier_code, product_category, rule_id, rule_text, paperwork_json, deductible_applies, decided_at, version)
        VALUES (@ReferralId, @FamilyId, @SubjectBsn, @SubjectBirthDate, @MunicipalityCode, @Uzovi, @Law, @FinancierType,
            @FinancierCode, @ProductCategory, @RuleId, @Rule, @PaperworkJson, @DeductibleApplies, @DecidedAt, @Version)
        """;

    // What the funding route knows of the member, for deciding on their interventions: the newest referral's address and insurer.
    private const string MemberSql = """
        INSERT INTO funding_members (member_id, family_id, bsn, birth_date, municipality_code, uzovi, suspected_disorder, updated_at)
        VALUES (@MemberId, @FamilyId, @Bsn, @BirthDate, @MunicipalityCode, @Uzovi, @SuspectedDisorder, @At)
        ON CONFLICT (member_id) DO UPDATE SET family_id = excluded.family_id, birth_date = excluded.birth_date,
            municipality_code = excluded.municipality_code, uzovi = excluded.uzovi, updated_at = excluded.updated_at
        WHERE funding_members.updated_at <= excluded.updated_at
        """;
    private const string MemberSqlServer = """
        UPDATE funding_members SET family_id = @FamilyId, birth_date = @BirthDate, municipality_code = @MunicipalityCode, uzovi = @Uzovi, updated_at = @At
        WHERE member_id = @MemberId AND updated_at <= @At;
        INSERT INTO funding_members (member_id, family_id, bsn, birth_date, municipality_code, uzovi, suspected_disorder, updated_at)
        SELECT @MemberId, @FamilyId, @Bsn, @BirthDate, @MunicipalityCode, @Uzovi, @SuspectedDisorder, @At
        WHERE NOT EXISTS (SELECT 1 FROM funding_members WITH (UPDLOCK, HOLDLOCK) WHERE member_id = @MemberId);
        """;

    // A disorder suspected by any referral stays on record, whatever order the referrals arrive in.
    private const string DisorderSql = "UPDATE funding_members SET suspected_disorder = @SuspectedDisorder WHERE member_id = @MemberId";

    private const string HeldSql = "SELECT municipality_code AS MunicipalityCode, updated_at AS UpdatedAt FROM funding_members WHERE member_id = @MemberId";

    // A newer referral with another address: the member moved, and help begun before stays with the old municipality for now.
    private const string MoveSql = "UPDATE funding_members SET previous_municipality = @Previous, moved_on = @MovedOn WHERE member_id = @MemberId";

    protected override async Task HandleAsync(ReferralSubmittedForFunding referral, WriteContext write)
    {
        var now = write.NowUtc;
        if (referral.SubjectMemberId is { } memberId)
        {
            var member = new
            {
                MemberId = memberId,
                referral.FamilyId,
                referral.Subject.Bsn,
                referral.Subject.BirthDate,
                referral.Subject.MunicipalityCode,
                referral.Subject.Uzovi,
                SuspectedDisorder = referral.HasSuspectedDsm,
                At = referral.SubmittedAt.UtcDateTime,
            };
            var held = await write.Connection.QuerySingleOrDefaultAsync<HeldMember>(new CommandDefinition(HeldSql, member, write.Transaction, cancellationToken: write.CancellationToken));
            await write.Connection.ExecuteAsync(new CommandDefinition(Database.Sql(MemberSql, sqlServer: MemberSqlServer), member, write.Transaction, cancellationToken: write.CancellationToken));
            if (referral.HasSuspectedDsm)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(DisorderSql, member, write.Transaction, cancellationToken: write.CancellationToken));
            }

            var moved = held is not null && held.MunicipalityCode != referral.Subject.MunicipalityCode && held.UpdatedAt <= member.At;
            if (moved)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(MoveSql, new { Previous = held!.MunicipalityCode, MovedOn = AmsterdamTime.DateOf(referral.SubmittedAt), MemberId = memberId },
                    write.Transaction, cancellationToken: write.CancellationToken));
            }

            // What the referral told may change who pays for help already planned: a move, a disorder now on record.
            if (moved || (referral.HasSuspectedDsm && held is not null))
            {
                await InterventionRouteStore.DecideAgainForMemberAsync(write, access, memberId);
            }
        }

        var decision = FundingRules.DecideFirstRoute(FundingCase.Of(referral));

        await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            referral.ReferralId,
            referral.FamilyId,
            SubjectBsn = referral.Subject.Bsn,
            SubjectBirthDate = referral.Subject.BirthDate,
            referral.Subject.MunicipalityCode,
            referral.Subject.Uzovi,
            decision.Law,
            decision.FinancierType,
            decision.FinancierCode,
            decision.ProductCategory,
            decision.RuleId,
            decision.Rule,
            PaperworkJson = JsonSerializer.Serialize(decision.Paperwork),
            decision.DeductibleApplies,
            DecidedAt = now,
            Version = FirstVersion,
        }, write.Transaction, cancellationToken: write.CancellationToken));

        write.Audit(access.BySystem(
            AuditAction.Create, "funding", "FundingRoute", referral.ReferralId.ToString(), referral.Subject.Bsn, referral.ReferrerAgb));
        write.Publish(new FundingRouteDecided(
            referral.ReferralId, referral.FamilyId, referral.Subject.Bsn, decision.Law, decision.FinancierType, decision.FinancierCode,
            decision.ProductCategory, decision.RuleId, decision.Rule, decision.Paperwork, decision.DeductibleApplies, new DateTimeOffset(now), FirstVersion));
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class HeldMember
    {
        public string MunicipalityCode { get; set; } = string.Empty;
        public DateTime UpdatedAt { get; set; }
    }
}
