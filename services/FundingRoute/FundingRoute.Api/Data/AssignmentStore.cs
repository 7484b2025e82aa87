using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Dapper;
using FundingRoute.Api.Domain.Ijw;

namespace FundingRoute.Api.Data;

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class AssignmentRow
{
    public Guid AssignmentId { get; set; }
    public Guid ReferralId { get; set; }
    public string SubjectBsn { get; set; } = string.Empty;
    public DateOnly? SubjectBirthDate { get; set; }
    public string MunicipalityCode { get; set; } = string.Empty;
    public string ProviderAgb { get; set; } = string.Empty;
    public string ProductCategory { get; set; } = string.Empty;
    public string CodeRelease { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public DateOnly RequestedOn { get; set; }
    public DateOnly ReceiptDueOn { get; set; }
    public DateOnly AnswerDueOn { get; set; }
    public DateOnly? ReceivedOn { get; set; }
    public bool InvestigatingResidence { get; set; }
    public DateOnly? AnsweredOn { get; set; }
    public string? RejectionReason { get; set; }
    public DateOnly? AssignedFrom { get; set; }
    public DateOnly? AssignedTo { get; set; }
    public DateOnly? StartedOn { get; set; }
    public DateOnly? StoppedOn { get; set; }
    public string? StopReason { get; set; }
    public int Version { get; set; }

    public AssignmentDeadlines Deadlines => new(ReceiptDueOn, AnswerDueOn);

    /// <summary>A copy to change for the next step.</summary>
    public AssignmentRow Copy() => (AssignmentRow)MemberwiseClone();
}

/// <summary>A message of an assignment, as sent.</summary>
public sealed class AssignmentMessageRow
{
    public Guid AssignmentId { get; set; }
    public int Seq { get; set; }
    public string MessageCode { get; set; } = string.Empty;
    public DateOnly SentOn { get; set; }
    public string SentBy { get; set; } = string.Empty;
    public string? Detail { get; set; }
}

/// <summary>What a referral's funding route says an assignment request needs: whom for, which municipality, and whether a JW315 is the way in.</summary>
public sealed class RequestableRoute
{
    public string SubjectBsn { get; set; } = string.Empty;
    public DateOnly? SubjectBirthDate { get; set; }
    public string Law { get; set; } = string.Empty;
    public string? FinancierCode { get; set; }
    public string PaperworkJson { get; set; } = "[]";
    public string? ProviderAgb { get; set; }

    /// <summary>The messages and documents the route needs.</summary>
    public IReadOnlyList<string> Paperwork => JsonSerializer.Deserialize<List<string>>(PaperworkJson) ?? [];
}

/// <summary>Whose assignments a list shows: a municipality's or a provider's.</summary>
public sealed record AssignmentScope(string? MunicipalityCode, string? ProviderAgb);

/// <summary>
/// The iJw assignment requests (issue 10): stored per referral and provider with every message in
/// order. Each change is conditional on the version read, so two steps at once cannot both land.
/// </summary>
public sealed class AssignmentStore(Database database, UnitOfWork unitOfWork)
{
    private const string Columns = """
        assignment_id AS AssignmentId, referral_id AS ReferralId, subject_bsn AS SubjectBsn, subject_birth_date AS SubjectBirthDate,
            municipality_code AS MunicipalityCode, provider_agb AS ProviderAgb, product_category AS ProductCategory, code_release AS CodeRelease,
            status AS Status, requested_on AS RequestedOn, receipt_due_on AS ReceiptDueOn, answer_due_on AS AnswerDueOn, received_on AS ReceivedOn,
            investigating_residence AS InvestigatingResidence, answered_on AS AnsweredOn, rejection_reason AS RejectionReason,
            assigned_from AS AssignedFrom, assigned_to AS AssignedTo, started_on AS StartedOn, stopped_on AS StoppedOn, stop_reason AS StopReason,
            version AS Version
        """;

    /// <summary>iJw product category 54: jeugd-ggz, which moves to the Zvw at 18.</summary>
    private const string YouthGgz = "54";

    private const string FindSql = $"SELECT {Columns} FROM assignments WHERE assignment_id = @Id";
    private const string RunningPast18Sql = $"""
        SELECT {Columns} FROM assignments
        WHERE product_category = @Category AND status = @Started AND subject_birth_date IS NOT NULL AND subject_birth_date <= @Born
        """;
    private const string MessagesSql = """
        SELECT assignment_id AS AssignmentId, seq AS Seq, message_code AS MessageCode, sent_on AS SentOn, sent_by AS SentBy, detail AS Detail
        FROM assignment_messages WHERE assignment_id = @Id ORDER BY seq
        """;

    // A scope's requests, newest first; overdue: the receipt or the answer is past its day.
    private const string Scope = """
        (@MunicipalityCode IS NULL OR municipality_code = @MunicipalityCode) AND (@ProviderAgb IS NULL OR provider_agb = @ProviderAgb)
            AND (@Status IS NULL OR status = @Status)
            AND (@Overdue = 0 OR (status = 'requested' AND receipt_due_on < @Today) OR (status IN ('requested', 'received') AND answer_due_on < @Today))
        """;
    private const string Order = "ORDER BY requested_on DESC, assignment_id DESC";
    private const string NewestSql = $"SELECT {Columns} FROM assignments WHERE {Scope} {Order} LIMIT @Take";
    private const string NewestSqlServer = $"SELECT TOP (@Take) {Columns} FROM assignments WHERE {Scope} {Order}";

    // The page after a cursor: the requests that sort after its (requested_on, assignment_id).
    private const string After = "(requested_on < @RequestedOn OR (requested_on = @RequestedOn AND assignment_id < @AssignmentId))";
    private const string OlderSql = $"SELECT {Columns} FROM assignments WHERE {Scope} AND {After} {Order} LIMIT @Take";
    private const string OlderSqlServer = $"SELECT TOP (@Take) {Columns} FROM assignments WHERE {Scope} AND {After} {Order}";

    private const string RouteSql = """
        SELECT r.subject_bsn AS SubjectBsn, r.subject_birth_date AS SubjectBirthDate, r.law AS Law, r.financier_code AS FinancierCode,
            r.paperwork_json AS PaperworkJson, p.organisation_agb AS ProviderAgb
        FROM funding_routes r LEFT JOIN referral_providers p ON p.referral_id = r.referral_id
        WHERE r.referral_id = @ReferralId
        """;
    private const string ExistsSql = "SELECT assignment_id FROM assignments WHERE referral_id = @ReferralId AND provider_agb = @ProviderAgb";

    private const string InsertSql = """
        INSERT INTO assignments (assignment_id, referral_id, subject_bsn, subject_birth_date, municipality_code, provider_agb, product_category,
            code_release, status, requested_on, receipt_due_on, answer_due_on, investigating_residence, version, updated_at)
        VALUES (@AssignmentId, @ReferralId, @SubjectBsn, @SubjectBirthDate, @MunicipalityCode, @ProviderAgb, @ProductCategory,
            @CodeRelease, @Status, @RequestedOn, @ReceiptDueOn, @AnswerDueOn, @InvestigatingResidence, @Version, @UpdatedAt)
        """;
    private const string UpdateSql = """
        UPDATE assignments SET status = @Status, product_category = @ProductCategory, requested_on = @RequestedOn, receipt_due_on = @ReceiptDueOn,
            answer_due_on = @AnswerDueOn, received_on = @ReceivedOn,
            investigating_residence = @InvestigatingResidence, answered_on = @AnsweredOn, rejection_reason = @RejectionReason,
            assigned_from = @AssignedFrom, assigned_to = @AssignedTo, started_on = @StartedOn, stopped_on = @StoppedOn, stop_reason = @StopReason,
            version = @Version + 1, updated_at = @UpdatedAt
        WHERE assignment_id = @AssignmentId AND version = @Version
        """;
    private const string MessageSql = """
        INSERT INTO assignment_messages (assignment_id, seq, message_code, sent_on, sent_by, detail)
        SELECT @AssignmentId, COALESCE(MAX(seq), 0) + 1, @MessageCode, @SentOn, @SentBy, @Detail FROM assignment_messages WHERE assignment_id = @AssignmentId
        """;

    // The newest acceptance wins, whatever order the events arrive in.
    public const string ProviderSql = """
        INSERT INTO referral_providers (referral_id, organisation_agb, accepted_at) VALUES (@ReferralId, @OrganisationAgb, @AcceptedAt)
        ON CONFLICT (referral_id) DO UPDATE SET organisation_agb = excluded.organisation_agb, accepted_at = excluded.accepted_at
        WHERE referral_providers.accepted_at < excluded.accepted_at
        """;
    public const string ProviderSqlServer = """
        UPDATE referral_providers SET organisation_agb = @OrganisationAgb, accepted_at = @AcceptedAt WHERE referral_id = @ReferralId AND accepted_at < @AcceptedAt;
        INSERT INTO referral_providers (referral_id, organisation_agb, accepted_at)
        SELECT @ReferralId, @OrganisationAgb, @AcceptedAt
        WHERE NOT EXISTS (SELECT 1 FROM referral_providers WITH (UPDLOCK, HOLDLOCK) WHERE referral_id = @ReferralId);
        """;

    /// <summary>An assignment and its messages, or null.</summary>
    public async Task<(AssignmentRow Row, IReadOnlyList<AssignmentMessageRow> Messages)?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<AssignmentRow>(new CommandDefinition(FindSql, new { Id = id }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var messages = await connection.QueryAsync<AssignmentMessageRow>(new CommandDefinition(MessagesSql, new { Id = id }, cancellationToken: ct));
        return (row, messages.AsList());
    }

    /// <summary>
    /// Up to <paramref name="take"/> of <paramref name="scope"/>'s requests, newest first, after <paramref name="after"/>
    /// (the request day and id of the last request of the page before) when given.
    /// </summary>
    public async Task<IReadOnlyList<AssignmentRow>> ListAsync(
        AssignmentScope scope, string? status, bool overdue, DateOnly today, (DateOnly RequestedOn, Guid Id)? after, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await database.OpenAsync(ct);
        var command = after is not { } cursor
            ? new CommandDefinition(database.Sql(NewestSql, sqlServer: NewestSqlServer), new
            {
                scope.MunicipalityCode,
                scope.ProviderAgb,
                Status = status,
                Overdue = overdue ? 1 : 0,
                Today = today,
                Take = take,
            }, cancellationToken: ct)
            : new CommandDefinition(database.Sql(OlderSql, sqlServer: OlderSqlServer), new
            {
                scope.MunicipalityCode,
                scope.ProviderAgb,
                Status = status,
                Overdue = overdue ? 1 : 0,
                Today = today,
                cursor.RequestedOn,
                AssignmentId = cursor.Id,
                Take = take,
            }, cancellationToken: ct);
        return (await connection.QueryAsync<AssignmentRow>(command)).AsList();
    }

    /// <summary>What the referral's funding route says, and who accepted it; null for a referral without a route.</summary>
    public static Task<RequestableRoute?> RouteAsync(WriteContext write, Guid referralId)
    {
        ArgumentNullException.ThrowIfNull(write);
        return write.Connection.QuerySingleOrDefaultAsync<RequestableRoute>(
            new CommandDefinition(RouteSql, new { ReferralId = referralId }, write.Transaction, cancellationToken: write.CancellationToken));
    }

    /// <summary>The request a provider already made for a referral, if any.</summary>
    public static Task<Guid?> ExistingAsync(WriteContext write, Guid referralId, string providerAgb)
    {
        ArgumentNullException.ThrowIfNull(write);
        return write.Connection.ExecuteScalarAsync<Guid?>(
            new CommandDefinition(ExistsSql, new { ReferralId = referralId, ProviderAgb = providerAgb }, write.Transaction, cancellationToken: write.CancellationToken));
    }

    /// <summary>Stores a new request with its JW315.</summary>
    public static async Task InsertAsync(WriteContext write, AssignmentRow row, string sentBy)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(row);
        await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            row.AssignmentId,
            row.ReferralId,
            row.SubjectBsn,
            row.SubjectBirthDate,
            row.MunicipalityCode,
            row.ProviderAgb,
            row.ProductCategory,
            row.CodeRelease,
            row.Status,
            row.RequestedOn,
            row.ReceiptDueOn,
            row.AnswerDueOn,
            row.InvestigatingResidence,
            row.Version,
            UpdatedAt = write.NowUtc,
        }, write.Transaction, cancellationToken: write.CancellationToken));
        await MessageAsync(write, row.AssignmentId, IjwCodeLists.Request, row.RequestedOn, sentBy, row.ProductCategory);
    }

    /// <summary>Stores <paramref name="changed"/> over the version it was read at, with its message; false when another change came first.</summary>
    public static async Task<bool> UpdateAsync(WriteContext write, AssignmentRow changed, string messageCode, DateOnly sentOn, string sentBy, string? detail)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(changed);
        var updated = await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            changed.AssignmentId,
            changed.Status,
            changed.ProductCategory,
            changed.RequestedOn,
            changed.ReceiptDueOn,
            changed.AnswerDueOn,
            changed.ReceivedOn,
            changed.InvestigatingResidence,
            changed.AnsweredOn,
            changed.RejectionReason,
            changed.AssignedFrom,
            changed.AssignedTo,
            changed.StartedOn,
            changed.StoppedOn,
            changed.StopReason,
            changed.Version,
            UpdatedAt = write.NowUtc,
        }, write.Transaction, cancellationToken: write.CancellationToken));
        if (updated == 0)
        {
            return false;
        }

        await MessageAsync(write, changed.AssignmentId, messageCode, sentOn, sentBy, detail);
        return true;
    }

    /// <summary>
    /// The youth GGZ (product category 54) assignments whose care is still running for someone 18
    /// or older on <paramref name="today"/>.
    /// </summary>
    public static async Task<IReadOnlyList<AssignmentRow>> YouthGgzRunningPast18Async(Database database, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<AssignmentRow>(new CommandDefinition(RunningPast18Sql, new
        {
            Category = YouthGgz,
            Started = AssignmentStatuses.Started,
            Born = today.AddYears(-18),
        }, cancellationToken: ct));
        return rows.Where(r => r.SubjectBirthDate is { } born && AmsterdamTime.AgeOn(born, today) >= 18).ToList();
    }

    /// <summary>
    /// Stops a youth GGZ assignment on the 18th birthday with stop reason 31 (ended as planned,
    /// which includes turning 18), sent by this service (<paramref name="access"/>'s source system,
    /// which logs the stop too); false when it changed meanwhile.
    /// </summary>
    public static async Task<bool> StopAtEighteenAsync(WriteContext write, AccessLogWriter access, AssignmentRow running)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(running);
        var stopped = AssignmentLifecycle.StopAtEighteen(running);
        if (!await UpdateAsync(write, stopped, IjwCodeLists.Stop, stopped.StoppedOn!.Value, access.SourceSystem, stopped.StopReason))
        {
            return false;
        }

        write.Audit(access.BySystem(AuditAction.Update, "funding", "Assignment", running.AssignmentId.ToString(), running.SubjectBsn, onBehalfOf: null));
        return true;
    }

    /// <summary>Runs a change in one unit of work.</summary>
    public Task<T> RunAsync<T>(Func<WriteContext, Task<T>> work, CancellationToken ct) => unitOfWork.RunAsync(work, ct);

    private static Task<int> MessageAsync(WriteContext write, Guid assignmentId, string code, DateOnly on, string by, string? detail) =>
        write.Connection.ExecuteAsync(new CommandDefinition(MessageSql, new { AssignmentId = assignmentId, MessageCode = code, SentOn = on, SentBy = by, Detail = detail },
            write.Transaction, cancellationToken: write.CancellationToken));
}
