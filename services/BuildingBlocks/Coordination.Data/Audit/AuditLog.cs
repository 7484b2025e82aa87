using System.Data.Common;
using Dapper;

namespace Coordination.Data.Audit;

/// <summary>Appends NEN 7513 entries; the table refuses updates and deletes.</summary>
public static class AuditLog
{
    private const string InsertSql = """
        INSERT INTO audit_log (id, occurred_at, action, outcome, client_bsn, user_id, user_name, user_role,
            on_behalf_of, purpose, object_type, object_id, source_system, check_authorisation,
            check_treatment_relation, check_consent, check_emergency_access, correlation_id)
        VALUES (@Id, @OccurredAt, @Action, @Outcome, @ClientBsn, @UserId, @UserName, @UserRole,
            @OnBehalfOf, @Purpose, @ObjectType, @ObjectId, @SourceSystem, @CheckAuthorisation,
            @CheckTreatmentRelationship, @CheckConsent, @CheckEmergencyAccess, @CorrelationId)
        """;

    /// <summary>Writes one entry, in <paramref name="transaction"/> when the access is a write.</summary>
    public static Task WriteAsync(
        DbConnection connection, DbTransaction? transaction, AuditEntry entry, DateTime occurredAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = Guid.NewGuid(),
            // NEN 7513 asks for the time to the second.
            OccurredAt = new DateTime(occurredAtUtc.Ticks - (occurredAtUtc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            Action = Code(entry.Action),
            entry.Outcome,
            entry.ClientBsn,
            entry.UserId,
            entry.UserName,
            entry.UserRole,
            entry.OnBehalfOf,
            entry.Purpose,
            entry.ObjectType,
            entry.ObjectId,
            entry.SourceSystem,
            entry.CheckAuthorisation,
            entry.CheckTreatmentRelationship,
            entry.CheckConsent,
            entry.CheckEmergencyAccess,
            CorrelationId = CorrelationContext.Current,
        }, transaction, cancellationToken: cancellationToken));
    }

    private static string Code(AuditAction action) => action switch
    {
        AuditAction.Create => "C",
        AuditAction.Read => "R",
        AuditAction.Update => "U",
        AuditAction.Delete => "D",
        AuditAction.Execute => "E",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
