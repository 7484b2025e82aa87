using System.Security.Claims;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Outbox;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>
/// The one access-log writer of a service: the entries it builds name the service as their source
/// (from its identity, never a constant of its own), a refusal is recorded as one, and what it
/// writes is in the log when the call returns.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AccessLogWriterTests
{
    private static readonly ClaimsPrincipal Gp = new(new ClaimsIdentity(
        [new Claim("sub", "gp-jansen"), new Claim("name", "Dr. Jansen"), new Claim("role", "gp"), new Claim("agb", "01012345")], "test", "name", "role"));

    [Theory]
    [InlineData("family-plan", "coordination-family-plan")]
    [InlineData("referral", "coordination-referral")]
    [InlineData("mdo-scheduling", "coordination-mdo-scheduling")]
    public void The_source_system_is_the_services_own_name(string service, string expected) =>
        Assert.Equal(expected, AccessLogWriter.SourceSystemOf(new ServiceIdentity(service)));

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task An_allowed_read_and_a_refusal_are_in_the_log_when_the_calls_return(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        var db = databases.For("referral");
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);
        using var signal = new OutboxSignal();
        var access = new AccessLogWriter(new ServiceIdentity("referral"), new UnitOfWork(db, signal, TimeProvider.System));

        await access.WriteAsync(access.Allowed(Gp, AuditAction.Read, "referral", "Referral", "r-1", "999900018"), CancellationToken.None);
        await access.DeniedAsync(access.Allowed(Gp, AuditAction.Update, "referral-step", "Referral", "r-2"), CancellationToken.None);
        await access.WriteAsync([], CancellationToken.None);

        await using var connection = await db.OpenAsync();
        var rows = (await connection.QueryAsync<(string ObjectId, string Outcome, string CheckAuthorisation, string SourceSystem, string UserId, string? ClientBsn)>(
            "SELECT object_id, outcome, check_authorisation, source_system, user_id, client_bsn FROM audit_log ORDER BY object_id")).ToList();
        Assert.Equal(
            [("r-1", "success", CheckResult.Passed, "coordination-referral", "gp-jansen", "999900018"),
             ("r-2", "denied", CheckResult.Failed, "coordination-referral", "gp-jansen", null)],
            rows);
    }
}
