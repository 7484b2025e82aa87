using Coordination.Data;
using Dapper;

namespace Coordination.Testing;

/// <summary>Looks straight into a service's database, to assert what was (not) stored.</summary>
public static class DbCounts
{
    private static readonly HashSet<string> Tables =
        ["referrals", "outbox", "inbox", "audit_log", "stated_members", "stated_relations", "plan_referrals", "plan_funding_routes", "funding_routes", "funding_members", "intervention_routes", "assignments", "assignment_messages", "referral_providers", "families", "idempotency_requests", "members", "consents", "declarations", "household_members", "plan_members", "parenthood_statements",
         "plan_referral_progress", "plan_referral_supplements", "care_team_members", "plan_tasks", "meldcode_steps", "referral_timeline",
         "plan_interventions", "plan_intervention_funding", "plan_actions", "plan_changes", "plan_closures", "plan_evaluations",
         "calendars", "busy_periods", "mdos", "mdo_participants", "care_team", "family_members"];

    public static async Task<long> CountAsync(Database database, string table, string? where = null, object? args = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        // Table names cannot be parameters; only known names are accepted.
        if (!Tables.Contains(table))
        {
            throw new ArgumentException("Unknown table " + table, nameof(table));
        }

        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}" + (where is null ? string.Empty : " WHERE " + where), args);
    }
}
