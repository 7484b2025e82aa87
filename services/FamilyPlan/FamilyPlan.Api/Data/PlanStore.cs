using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;

namespace FamilyPlan.Api.Data;

public sealed record FundingRouteView(
    string Law, string FinancierType, string? FinancierCode, string? ProductCategory, string RuleId, string Rule,
    IReadOnlyList<string> Paperwork, bool DeductibleApplies, DateTime DecidedAt);

public sealed record ReferralView(
    Guid Id, string Domain, string Status, string Reason, string ReferrerAgb, string? ReferrerName,
    string? SuspectedDsmCode, string? SuspectedDsmDescription, DateTime SubmittedAt, FundingRouteView? FundingRoute);

public sealed record RelationView(string Bsn, string Relation, bool? Custody);

public sealed record MemberView(Guid? MemberId, string Bsn, string? Name, DateOnly BirthDate, bool IsClient, IReadOnlyList<RelationView> Relations, IReadOnlyList<ReferralView> Referrals);

public sealed record FamilyPlanView(Guid FamilyId, IReadOnlyList<MemberView> Members);

/// <summary>
/// Reads the family plan as one referrer may see it: the referrals they sent with their funding
/// routes, and what those referrals stated about their subjects and the relatives they named.
/// Another referrer's referral, its household, and its spelling of a name stay out until consent
/// says otherwise.
/// </summary>
public sealed class PlanStore(Database database, UnitOfWork unitOfWork)
{
    public const string SourceSystem = "coordination-family-plan";

    // Each statement with the time of the referral that made it: the referrer's latest statement wins.
    private const string MembersSql = """
        SELECT m.bsn AS Bsn, i.member_id AS MemberId, m.name AS Name, m.birth_date AS BirthDate, r.submitted_at AS StatedAt
        FROM stated_members m JOIN plan_referrals r ON r.id = m.referral_id LEFT JOIN plan_members i ON i.bsn = m.bsn
        WHERE r.family_id = @FamilyId AND r.referrer_agb = @ReferrerAgb
        """;
    private const string RelationsSql = """
        SELECT s.subject_bsn AS SubjectBsn, s.member_bsn AS MemberBsn, s.relation AS Relation, s.custody AS Custody, r.submitted_at AS StatedAt
        FROM stated_relations s JOIN plan_referrals r ON r.id = s.referral_id
        WHERE r.family_id = @FamilyId AND r.referrer_agb = @ReferrerAgb
        """;
    private const string ReferralsSql = """
        SELECT id AS Id, subject_bsn AS SubjectBsn, domain AS Domain, status AS Status, reason AS Reason, referrer_agb AS ReferrerAgb,
            referrer_name AS ReferrerName, suspected_dsm_code AS SuspectedDsmCode, suspected_dsm_description AS SuspectedDsmDescription,
            submitted_at AS SubmittedAt
        FROM plan_referrals WHERE family_id = @FamilyId AND referrer_agb = @ReferrerAgb ORDER BY submitted_at
        """;
    private const string RoutesSql = """
        SELECT referral_id AS ReferralId, law AS Law, financier_type AS FinancierType, financier_code AS FinancierCode,
            product_category AS ProductCategory, rule_id AS RuleId, rule_text AS RuleText, paperwork_json AS PaperworkJson,
            deductible_applies AS DeductibleApplies, decided_at AS DecidedAt
        FROM plan_funding_routes WHERE family_id = @FamilyId
            AND referral_id IN (SELECT id FROM plan_referrals WHERE family_id = @FamilyId AND referrer_agb = @ReferrerAgb)
        """;

    /// <summary>
    /// The plan as the referrer with <paramref name="referrerAgb"/> may see it, or null when they
    /// referred nobody in the family (then, to them, the family does not exist).
    /// </summary>
    public async Task<FamilyPlanView?> ReadForReferrerAsync(Guid familyId, string referrerAgb, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var args = new { FamilyId = familyId, ReferrerAgb = referrerAgb };
        var referrals = (await connection.QueryAsync<ReferralRow>(new CommandDefinition(ReferralsSql, args, cancellationToken: ct))).ToList();
        if (referrals.Count == 0)
        {
            return null;
        }

        var subjects = referrals.Select(r => r.SubjectBsn).ToHashSet(StringComparer.Ordinal);
        var relations = (await connection.QueryAsync<RelationRow>(new CommandDefinition(RelationsSql, args, cancellationToken: ct)))
            .GroupBy(r => (r.SubjectBsn, r.MemberBsn))
            .Select(g => g.MaxBy(r => r.StatedAt)!)
            .ToList();
        var members = (await connection.QueryAsync<MemberRow>(new CommandDefinition(MembersSql, args, cancellationToken: ct)))
            .GroupBy(m => m.Bsn, StringComparer.Ordinal)
            .Select(g => g.MaxBy(m => m.StatedAt)!)
            .OrderBy(m => m.BirthDate).ThenBy(m => m.Bsn, StringComparer.Ordinal)
            .ToList();
        var routes = (await connection.QueryAsync<RouteRow>(new CommandDefinition(RoutesSql, args, cancellationToken: ct)))
            .ToDictionary(r => r.ReferralId, r => new FundingRouteView(r.Law, r.FinancierType, r.FinancierCode, r.ProductCategory, r.RuleId,
                r.RuleText, JsonSerializer.Deserialize<List<string>>(r.PaperworkJson) ?? [], r.DeductibleApplies, r.DecidedAt));

        return new FamilyPlanView(familyId, members.Select(m => new MemberView(
            // Whether a relative is in care elsewhere is not this referrer's to know: a client here is someone they referred.
            m.MemberId, m.Bsn, m.Name, m.BirthDate, IsClient: subjects.Contains(m.Bsn),
            relations.Where(r => r.SubjectBsn == m.Bsn).Select(r => new RelationView(r.MemberBsn, r.Relation, r.Custody)).ToList(),
            referrals.Where(r => r.SubjectBsn == m.Bsn).Select(r => new ReferralView(
                r.Id, r.Domain, r.Status, r.Reason, r.ReferrerAgb, r.ReferrerName, r.SuspectedDsmCode, r.SuspectedDsmDescription,
                r.SubmittedAt, routes.GetValueOrDefault(r.Id))).ToList())).ToList());
    }

    /// <summary>Logs one entry per client whose data was shown (or one refused entry).</summary>
    public Task AuditAsync(IEnumerable<AuditEntry> entries, CancellationToken ct) => unitOfWork.AuditAsync(entries, ct);

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class MemberRow
    {
        public string Bsn { get; set; } = string.Empty;
        public Guid? MemberId { get; set; }
        public string? Name { get; set; }
        public DateOnly BirthDate { get; set; }
        public DateTime StatedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class RelationRow
    {
        public string SubjectBsn { get; set; } = string.Empty;
        public string MemberBsn { get; set; } = string.Empty;
        public string Relation { get; set; } = string.Empty;
        public bool? Custody { get; set; }
        public DateTime StatedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class ReferralRow
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
    private sealed class RouteRow
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
