using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Identifiers;
using MassTransit;

namespace Coordination.Messaging.AccessLog;

/// <summary>
/// Answers an <see cref="AccessLogQuery"/> from this service's own NEN 7513 audit log. Every
/// service has it (<see cref="MessagingExtensions.AddCoordinationMessaging"/>), on its queue
/// <c>&lt;service&gt;-access-log</c>. A read: no inbox, no unit of work, no events, and no audit
/// entry of its own (the service that shows the log to the client records that it did).
/// </summary>
public sealed class AccessLogQueryConsumer(Database database, ServiceIdentity service) : IConsumer<AccessLogQuery>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AccessLogQuery> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Message;
        // Whoever sent it, a query is checked before it reaches the database; no message names the BSN.
        if (!DutchIdentifiers.IsValidBsn(query.ClientBsn))
        {
            throw new ArgumentException("The access-log query does not name a valid BSN.");
        }

        if (query.Limit is < 1 or > AccessLogQuery.MaxLimit)
        {
            throw new ArgumentException($"The access-log query's limit must be 1 to {AccessLogQuery.MaxLimit}.");
        }

        if (query.After is { Id: null })
        {
            throw new ArgumentException("The access-log query's position has no id.");
        }

        var after = query.After is { } position ? new AuditLogPosition(position.At.UtcDateTime, position.Id) : null;
        var page = await ClientAccessLog.ReadAsync(database, query.ClientBsn, after, query.Limit, context.CancellationToken);
        await context.RespondAsync(new AccessLogPage(service.Name, page.Entries.Select(ToContract).ToList(), page.HasMore));
    }

    private static AccessLogEntry ToContract(ClientAuditEntry e) => new(
        e.Id, new DateTimeOffset(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc)), e.Action, e.Outcome, e.UserId, e.UserName, e.UserRole,
        e.OnBehalfOf, e.Purpose, e.ObjectType, e.ObjectId, e.SourceSystem, e.CheckAuthorisation, e.CheckTreatmentRelationship,
        e.CheckConsent, e.CheckEmergencyAccess);
}
