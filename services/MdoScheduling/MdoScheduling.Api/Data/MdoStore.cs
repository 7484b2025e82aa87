using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using MdoScheduling.Api.Domain;
using MdoScheduling.Contracts;

namespace MdoScheduling.Api.Data;

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class MdoRow
{
    public Guid Id { get; set; }
    public Guid FamilyId { get; set; }
    public string Purpose { get; set; } = string.Empty;
    public string MembersJson { get; set; } = "[]";
    public string OrganiserUserId { get; set; } = string.Empty;
    public string OrganiserName { get; set; } = string.Empty;
    public string Status { get; set; } = MdoStatuses.Planned;
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public DateTime WindowEndsAt { get; set; }
    public int Sequence { get; set; }
    public int Version { get; set; }
    public string? CancelReason { get; set; }
    public bool? ClientPresent { get; set; }
    public string? OutcomeJson { get; set; }

    /// <summary>The member ids of the family members discussed.</summary>
    public IReadOnlyList<Guid> Members => JsonSerializer.Deserialize<List<Guid>>(MembersJson) ?? [];

    public MdoRow Copy() => (MdoRow)MemberwiseClone();
}

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class ParticipantRow
{
    public Guid MdoId { get; set; }
    public string ParticipantId { get; set; } = string.Empty;
    public string Kind { get; set; } = ParticipantKinds.Professional;
    public string Name { get; set; } = string.Empty;
    public string Role { get; set; } = string.Empty;
    public string? Agb { get; set; }
    public string? OrganisationAgb { get; set; }
    public string? Domain { get; set; }
    public Guid? MemberId { get; set; }
    public bool Required { get; set; }
    public string Status { get; set; } = ParticipantStatuses.NeedsAction;
    public string? Reason { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public DateTime ChangedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    public ParticipantRow Copy() => (ParticipantRow)MemberwiseClone();
}

/// <summary>A participant already booked for an MDO that overlaps the time asked for, and when that MDO is (UTC).</summary>
public sealed record BookingClash(string ParticipantId, string Name, DateTime StartsAt, DateTime EndsAt);

/// <summary>One MDO in a participant's list, with their own part in it.</summary>
public sealed record MdoListing(MdoRow Row, ParticipantRow Mine);

/// <summary>
/// Stores MDOs: each booking and change with its access-log entries and its <see cref="MdoChanged"/>
/// event in one unit of work. Every change marks the MDO changed for each participant but the one
/// who made it, until they read it.
/// </summary>
public sealed class MdoStore(Database database, UnitOfWork unitOfWork)
{
    /// <summary>The purpose of use of an access to an MDO.</summary>
    public const string Purpose = "mdo";

    private const string MdoColumns = """
        id AS Id, family_id AS FamilyId, purpose AS Purpose, members_json AS MembersJson, organiser_user_id AS OrganiserUserId,
        organiser_name AS OrganiserName, status AS Status, starts_at AS StartsAt, ends_at AS EndsAt, window_ends_at AS WindowEndsAt,
        sequence AS Sequence, version AS Version, cancel_reason AS CancelReason, client_present AS ClientPresent, outcome_json AS OutcomeJson
        """;
    private const string ParticipantColumns = """
        mdo_id AS MdoId, participant_id AS ParticipantId, kind AS Kind, name AS Name, role AS Role, agb AS Agb, organisation_agb AS OrganisationAgb,
        domain AS Domain, member_id AS MemberId, required AS Required, status AS Status, reason AS Reason, answered_at AS AnsweredAt,
        changed_at AS ChangedAt, read_at AS ReadAt
        """;
    private const string FindSql = $"SELECT {MdoColumns} FROM mdos WHERE id = @Id";
    private const string ParticipantsSql = $"SELECT {ParticipantColumns} FROM mdo_participants WHERE mdo_id = @Id ORDER BY required DESC, name";
    private const string InsertSql = """
        INSERT INTO mdos (id, family_id, purpose, members_json, organiser_user_id, organiser_name, status, starts_at, ends_at, window_ends_at,
            sequence, version, cancel_reason, client_present, outcome_json, created_at, updated_at)
        VALUES (@Id, @FamilyId, @Purpose, @MembersJson, @OrganiserUserId, @OrganiserName, @Status, @StartsAt, @EndsAt, @WindowEndsAt,
            @Sequence, @Version, @CancelReason, @ClientPresent, @OutcomeJson, @At, @At)
        """;
    private const string InsertParticipantSql = """
        INSERT INTO mdo_participants (mdo_id, participant_id, kind, name, role, agb, organisation_agb, domain, member_id, required, status, reason,
            answered_at, changed_at, read_at)
        VALUES (@MdoId, @ParticipantId, @Kind, @Name, @Role, @Agb, @OrganisationAgb, @Domain, @MemberId, @Required, @Status, @Reason,
            @AnsweredAt, @ChangedAt, @ReadAt)
        """;

    // The version in the WHERE decides between two changes of one version: the second changes nothing.
    private const string UpdateSql = """
        UPDATE mdos SET status = @Status, starts_at = @StartsAt, ends_at = @EndsAt, sequence = @Sequence, version = version + 1,
            cancel_reason = @CancelReason, client_present = @ClientPresent, outcome_json = @OutcomeJson, updated_at = @At
        WHERE id = @Id AND version = @Version
        """;
    private const string UpdateParticipantSql = """
        UPDATE mdo_participants SET status = @Status, reason = @Reason, answered_at = @AnsweredAt, changed_at = @ChangedAt, read_at = @ReadAt
        WHERE mdo_id = @MdoId AND participant_id = @ParticipantId
        """;
    private const string MarkReadSql = "UPDATE mdo_participants SET read_at = @At WHERE mdo_id = @MdoId AND participant_id = @ParticipantId";
    private const string ListSql = $"""
        SELECT {ParticipantColumns} FROM mdo_participants
        WHERE participant_id = @ParticipantId AND mdo_id IN (SELECT id FROM mdos WHERE ends_at >= @From)
        """;
    private const string PlannedForFamilySql = $"SELECT {MdoColumns} FROM mdos WHERE family_id = @FamilyId AND status = 'planned' AND ends_at > @Now";

    /// <summary>The MDO with <paramref name="id"/>, or null.</summary>
    public async Task<Mdo?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<MdoRow>(new CommandDefinition(FindSql, new { Id = id }, cancellationToken: ct));
        return row is null ? null : new Mdo(row, (await connection.QueryAsync<ParticipantRow>(new CommandDefinition(ParticipantsSql, new { Id = id }, cancellationToken: ct))).ToList());
    }

    /// <summary>The planned MDOs of <paramref name="familyId"/> that have not ended by <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<Mdo>> PlannedForFamilyAsync(Guid familyId, DateTime now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<MdoRow>(new CommandDefinition(PlannedForFamilySql, new { FamilyId = familyId, Now = now }, cancellationToken: ct));
        var result = new List<Mdo>();
        foreach (var row in rows)
        {
            result.Add(new Mdo(row, (await connection.QueryAsync<ParticipantRow>(new CommandDefinition(ParticipantsSql, new { row.Id }, cancellationToken: ct))).ToList()));
        }

        return result;
    }

    /// <summary>The MDOs that end on or after <paramref name="from"/> in which any of <paramref name="participantIds"/> is a participant, soonest first.</summary>
    public async Task<IReadOnlyList<MdoListing>> ListForAsync(IEnumerable<string> participantIds, DateTime from, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var listings = new List<MdoListing>();
        foreach (var participantId in participantIds.Distinct(StringComparer.Ordinal))
        {
            foreach (var mine in await connection.QueryAsync<ParticipantRow>(new CommandDefinition(ListSql, new { ParticipantId = participantId, From = from }, cancellationToken: ct)))
            {
                var row = await connection.QuerySingleAsync<MdoRow>(new CommandDefinition(FindSql, new { Id = mine.MdoId }, cancellationToken: ct));
                listings.Add(new MdoListing(row, mine));
            }
        }

        return listings.OrderBy(l => l.Row.StartsAt).ThenBy(l => l.Row.Id).ToList();
    }

    /// <summary>
    /// Books a new MDO with its participants; the organiser has read it. The required participants'
    /// diaries are locked and checked again inside the write, so that of two organisers booking the
    /// same professional for overlapping times at the same moment one wins and the other is told
    /// who is taken: the clash, or null when the MDO is booked.
    /// </summary>
    public Task<BookingClash?> CreateAsync(Mdo mdo, IReadOnlyCollection<string> mustBeFree, IEnumerable<AuditEntry> access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            if (await FirstClashAsync(write, mustBeFree, mdo) is { } clash)
            {
                return clash;
            }

            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, Args(mdo.Row, write.NowUtc), write.Transaction, cancellationToken: write.CancellationToken));
            foreach (var p in mdo.Participants)
            {
                p.ChangedAt = write.NowUtc;
                p.ReadAt = p.ParticipantId == mdo.Row.OrganiserUserId ? write.NowUtc : null;
                await write.Connection.ExecuteAsync(new CommandDefinition(InsertParticipantSql, p, write.Transaction, cancellationToken: write.CancellationToken));
            }

            Announce(write, mdo, "booked", mdo.Participants.Select(p => p.ParticipantId));
            foreach (var entry in access)
            {
                write.Audit(entry);
            }

            return (BookingClash?)null;
        }, ct);

    /// <summary>
    /// Moves an MDO to the time of <paramref name="after"/> as <see cref="CreateAsync"/> books one: with
    /// the required participants' diaries locked and checked again inside the write. The clash, if any;
    /// null and <c>Changed</c> false when the MDO changed since it was read.
    /// </summary>
    public Task<(bool Changed, BookingClash? Clash)> RescheduleAsync(
        Mdo before, Mdo after, IReadOnlyCollection<string> mustBeFree, string actor, IEnumerable<AuditEntry> access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write => await FirstClashAsync(write, mustBeFree, after) is { } clash
            ? (false, clash)
            : (await ChangeAsync(write, before, after, "rescheduled", actor, after.Participants.Select(p => p.ParticipantId), access), (BookingClash?)null), ct);

    /// <summary>
    /// Locks each participant's diary (in one order, so that two writers of the same people never wait
    /// for each other in a circle) and returns the first MDO of theirs, other than this one, that overlaps it.
    /// </summary>
    private static async Task<BookingClash?> FirstClashAsync(WriteContext write, IReadOnlyCollection<string> participants, Mdo mdo)
    {
        foreach (var participant in participants.Order(StringComparer.Ordinal))
        {
            await write.LockAsync("mdo-participant:" + participant);
        }

        foreach (var participant in participants)
        {
            var busy = await write.Connection.QueryFirstOrDefaultAsync<BusyRow>(new CommandDefinition(CalendarStore.MdoBusySql,
                new { UserId = participant, From = mdo.Row.StartsAt, Until = mdo.Row.EndsAt, Except = mdo.Row.Id }, write.Transaction,
                cancellationToken: write.CancellationToken));
            if (busy is not null)
            {
                return new BookingClash(participant, mdo.Participant(participant)?.Name ?? participant, busy.StartsAt, busy.EndsAt);
            }
        }

        return null;
    }

    /// <summary>
    /// Stores <paramref name="after"/>, the change of <paramref name="before"/> that <paramref name="actor"/>
    /// made (null for the service itself), and announces it; false when the MDO changed since it was read.
    /// </summary>
    public Task<bool> ChangeAsync(Mdo before, Mdo after, string change, string? actor, IEnumerable<string> affected, IEnumerable<AuditEntry> access, CancellationToken ct) =>
        unitOfWork.RunAsync(write => ChangeAsync(write, before, after, change, actor, affected, access), ct);

    /// <summary>The same, inside a unit of work already open.</summary>
    public static async Task<bool> ChangeAsync(WriteContext write, Mdo before, Mdo after, string change, string? actor, IEnumerable<string> affected, IEnumerable<AuditEntry> access)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        after.Row.Version = before.Row.Version;
        if (await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, Args(after.Row, write.NowUtc), write.Transaction,
            cancellationToken: write.CancellationToken)) == 0)
        {
            return false;
        }

        foreach (var p in after.Participants)
        {
            // Changed for everyone but who made the change: each sees it in their list until they read it.
            p.ChangedAt = write.NowUtc;
            if (p.ParticipantId == actor)
            {
                p.ReadAt = write.NowUtc;
            }

            await write.Connection.ExecuteAsync(new CommandDefinition(UpdateParticipantSql, p, write.Transaction, cancellationToken: write.CancellationToken));
        }

        after.Row.Version = before.Row.Version + 1;
        Announce(write, after, change, affected);
        foreach (var entry in access)
        {
            write.Audit(entry);
        }

        return true;
    }

    /// <summary>Stores the outcome (<paramref name="after"/>, held) and publishes its decisions for the family plan, in one unit of work.</summary>
    public Task<bool> ChangeWithDecisionsAsync(Mdo before, Mdo after, string actor, IEnumerable<AuditEntry> access, MdoDecisionsRecorded? decisions, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            if (!await ChangeAsync(write, before, after, "held", actor, after.Participants.Select(p => p.ParticipantId), access))
            {
                return false;
            }

            if (decisions is not null)
            {
                write.Publish(decisions);
            }

            return true;
        }, ct);

    /// <summary>Marks the MDO read by <paramref name="participantId"/>, and logs the read.</summary>
    public Task MarkReadAsync(Guid mdoId, string? participantId, IEnumerable<AuditEntry> access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            if (participantId is not null)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(MarkReadSql, new { MdoId = mdoId, ParticipantId = participantId, At = write.NowUtc },
                    write.Transaction, cancellationToken: write.CancellationToken));
            }

            foreach (var entry in access)
            {
                write.Audit(entry);
            }
        }, ct);

    private static void Announce(WriteContext write, Mdo mdo, string change, IEnumerable<string> affected) =>
        write.Publish(new MdoChanged(mdo.Row.Id, mdo.Row.FamilyId, change, mdo.Row.Status,
            new DateTimeOffset(mdo.Row.StartsAt, TimeSpan.Zero), new DateTimeOffset(mdo.Row.EndsAt, TimeSpan.Zero), mdo.Row.Sequence, mdo.Row.Version,
            mdo.Participants.Select(p => new MdoParticipantStatus(p.ParticipantId, p.Name, p.Required, p.Status)).ToList(),
            affected.ToList(), new DateTimeOffset(write.NowUtc, TimeSpan.Zero)));

    private static object Args(MdoRow row, DateTime at) => new
    {
        row.Id,
        row.FamilyId,
        row.Purpose,
        row.MembersJson,
        row.OrganiserUserId,
        row.OrganiserName,
        row.Status,
        row.StartsAt,
        row.EndsAt,
        row.WindowEndsAt,
        row.Sequence,
        row.Version,
        row.CancelReason,
        row.ClientPresent,
        row.OutcomeJson,
        At = at,
    };
}
