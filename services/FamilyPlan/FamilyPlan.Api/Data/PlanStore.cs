using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>Everything the plan holds about one family, each statement with the referral that made it.</summary>
public sealed record FamilyFacts(
    Guid FamilyId,
    IReadOnlyList<FamilyFacts.Referral> Referrals,
    IReadOnlyList<FamilyFacts.StatedMember> Members,
    IReadOnlyList<FamilyFacts.StatedRelation> Relations,
    IReadOnlyList<FamilyFacts.Route> Routes,
    IReadOnlyDictionary<string, Guid> MemberIds)
{
    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class StatedMember
    {
        public Guid ReferralId { get; set; }
        public string Bsn { get; set; } = string.Empty;
        public string? Name { get; set; }
        public DateOnly BirthDate { get; set; }
        public DateTime StatedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class StatedRelation
    {
        public Guid ReferralId { get; set; }
        public string SubjectBsn { get; set; } = string.Empty;
        public string MemberBsn { get; set; } = string.Empty;
        public string Relation { get; set; } = string.Empty;
        public bool? Custody { get; set; }
        public DateTime StatedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class Referral
    {
        public Guid Id { get; set; }
        public string SubjectBsn { get; set; } = string.Empty;
        public string Domain { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public string Reason { get; set; } = string.Empty;
        public string ReferrerAgb { get; set; } = string.Empty;
        public string? ReferrerName { get; set; }
        public string? SuspectedDsmCode { get; set; }
        public string? SuspectedDsmDescription { get; set; }
        public DateTime SubmittedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class Route
    {
        public Guid ReferralId { get; set; }
        public string Law { get; set; } = string.Empty;
        public string FinancierType { get; set; } = string.Empty;
        public string? FinancierCode { get; set; }
        public string? ProductCategory { get; set; }
        public string RuleId { get; set; } = string.Empty;
        public string RuleText { get; set; } = string.Empty;
        public string PaperworkJson { get; set; } = string.Empty;
        public bool DeductibleApplies { get; set; }
        public DateTime DecidedAt { get; set; }
    }
}

/// <summary>
/// Reads a family's facts for the plan; <see cref="PlanView"/> decides what a viewer sees of them.
/// </summary>
public sealed class PlanStore(Database database, UnitOfWork unitOfWork)
{
    public const string SourceSystem = "coordination-family-plan";

    private const string ReferralsSql = """
        SELECT id AS Id, subject_bsn AS SubjectBsn, domain AS Domain, status AS Status, reason AS Reason, referrer_agb AS ReferrerAgb,
            referrer_name AS ReferrerName, suspected_dsm_code AS SuspectedDsmCode, suspected_dsm_description AS SuspectedDsmDescription,
            submitted_at AS SubmittedAt
        FROM plan_referrals WHERE family_id = @FamilyId ORDER BY submitted_at
        """;
    private const string MembersSql = """
        SELECT m.referral_id AS ReferralId, m.bsn AS Bsn, m.name AS Name, m.birth_date AS BirthDate, r.submitted_at AS StatedAt
        FROM stated_members m JOIN plan_referrals r ON r.id = m.referral_id
        WHERE m.family_id = @FamilyId
        """;
    private const string RelationsSql = """
        SELECT s.referral_id AS ReferralId, s.subject_bsn AS SubjectBsn, s.member_bsn AS MemberBsn, s.relation AS Relation, s.custody AS Custody,
            r.submitted_at AS StatedAt
        FROM stated_relations s JOIN plan_referrals r ON r.id = s.referral_id
        WHERE s.family_id = @FamilyId
        """;
    private const string RoutesSql = """
        SELECT referral_id AS ReferralId, law AS Law, financier_type AS FinancierType, financier_code AS FinancierCode,
            product_category AS ProductCategory, rule_id AS RuleId, rule_text AS RuleText, paperwork_json AS PaperworkJson,
            deductible_applies AS DeductibleApplies, decided_at AS DecidedAt
        FROM plan_funding_routes WHERE family_id = @FamilyId
        """;
    private const string MemberIdsSql = """
        SELECT DISTINCT i.bsn AS Bsn, i.member_id AS MemberId
        FROM plan_members i JOIN stated_members m ON m.bsn = i.bsn
        WHERE m.family_id = @FamilyId
        """;

    /// <summary>Every fact of the family, or null when the plan holds no referral of it.</summary>
    public async Task<FamilyFacts?> ReadAsync(Guid familyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var args = new { FamilyId = familyId };
        var referrals = (await connection.QueryAsync<FamilyFacts.Referral>(new CommandDefinition(ReferralsSql, args, cancellationToken: ct))).ToList();
        if (referrals.Count == 0)
        {
            return null;
        }

        var members = (await connection.QueryAsync<FamilyFacts.StatedMember>(new CommandDefinition(MembersSql, args, cancellationToken: ct))).ToList();
        var relations = (await connection.QueryAsync<FamilyFacts.StatedRelation>(new CommandDefinition(RelationsSql, args, cancellationToken: ct))).ToList();
        var routes = (await connection.QueryAsync<FamilyFacts.Route>(new CommandDefinition(RoutesSql, args, cancellationToken: ct))).ToList();
        var ids = (await connection.QueryAsync<MemberIdRow>(new CommandDefinition(MemberIdsSql, args, cancellationToken: ct)))
            .ToDictionary(r => r.Bsn, r => r.MemberId, StringComparer.Ordinal);
        return new FamilyFacts(familyId, referrals, members, relations, routes, ids);
    }

    /// <summary>Logs one entry per client whose data was shown or withheld (or one refused entry).</summary>
    public Task AuditAsync(IEnumerable<AuditEntry> entries, CancellationToken ct) => unitOfWork.AuditAsync(entries, ct);

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class MemberIdRow
    {
        public string Bsn { get; set; } = string.Empty;
        public Guid MemberId { get; set; }
    }
}
