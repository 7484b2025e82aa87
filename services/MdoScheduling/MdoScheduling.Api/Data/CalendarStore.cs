using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using MdoScheduling.Api.Domain;

namespace MdoScheduling.Api.Data;

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class CalendarRow
{
    public string UserId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Role { get; set; } = string.Empty;
    public string? Agb { get; set; }
    public string? OrganisationAgb { get; set; }
    public string? Domain { get; set; }
    public string HoursJson { get; set; } = "[]";
    public int Version { get; set; }

    public IReadOnlyList<WorkingHours> Hours => JsonSerializer.Deserialize<List<WorkingHours>>(HoursJson, CalendarStore.Json) ?? [];
}

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class BusyRow
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = string.Empty;
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string Source { get; set; } = string.Empty;
}

/// <summary>Where a busy period came from.</summary>
public static class BusySources
{
    /// <summary>Given through the API, one period at a time.</summary>
    public const string Api = "api";

    /// <summary>From the last iCalendar or free/busy file the professional uploaded; the next upload replaces them.</summary>
    public const string Upload = "upload";

    /// <summary>An MDO booked here (never stored as a busy period: read from the MDOs themselves).</summary>
    public const string Mdo = "mdo";
}

/// <summary>
/// Professionals' calendars: who they are (from their token when they last set their hours), their
/// working hours and busy time, and the MDOs booked here that they take part in.
/// </summary>
public sealed class CalendarStore(Database database, UnitOfWork unitOfWork)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        user_id AS UserId, name AS Name, role AS Role, agb AS Agb, organisation_agb AS OrganisationAgb, domain AS Domain,
        hours_json AS HoursJson, version AS Version
        """;
    private const string FindSql = $"SELECT {Columns} FROM calendars WHERE user_id = @UserId";
    private const string UpdateSql = """
        UPDATE calendars SET name = @Name, role = @Role, agb = @Agb, organisation_agb = @OrganisationAgb, domain = @Domain,
            hours_json = @HoursJson, version = version + 1, updated_at = @At
        WHERE user_id = @UserId
        """;
    private const string InsertSql = """
        INSERT INTO calendars (user_id, name, role, agb, organisation_agb, domain, hours_json, version, updated_at)
        VALUES (@UserId, @Name, @Role, @Agb, @OrganisationAgb, @Domain, @HoursJson, 1, @At)
        """;
    private const string InsertBusySql = """
        INSERT INTO busy_periods (id, user_id, starts_at, ends_at, source, created_at) VALUES (@Id, @UserId, @StartsAt, @EndsAt, @Source, @At)
        """;
    private const string DeleteUploadedSql = "DELETE FROM busy_periods WHERE user_id = @UserId AND source = 'upload'";
    private const string DeleteBusySql = "DELETE FROM busy_periods WHERE id = @Id AND user_id = @UserId AND source = 'api'";
    private const string BusySql = """
        SELECT id AS Id, user_id AS UserId, starts_at AS StartsAt, ends_at AS EndsAt, source AS Source
        FROM busy_periods WHERE user_id = @UserId AND ends_at > @From AND starts_at < @Until ORDER BY starts_at
        """;

    // Time in MDOs booked here counts as busy for everyone still taking part who has not declined.
    // MdoStore asks the same inside a booking, under the participants' diary locks.
    internal const string MdoBusySql = """
        SELECT m.id AS Id, p.participant_id AS UserId, m.starts_at AS StartsAt, m.ends_at AS EndsAt, 'mdo' AS Source
        FROM mdos m JOIN mdo_participants p ON p.mdo_id = m.id
        WHERE p.participant_id = @UserId AND m.status = 'planned' AND p.status IN ('needs-action', 'accepted')
          AND m.ends_at > @From AND m.starts_at < @Until AND m.id <> @Except
        ORDER BY m.starts_at
        """;

    /// <summary>The calendar of <paramref name="userId"/>, or null when they never set one.</summary>
    public async Task<CalendarRow?> FindAsync(string userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<CalendarRow>(new CommandDefinition(FindSql, new { UserId = userId }, cancellationToken: ct));
    }

    /// <summary>The calendars of <paramref name="userIds"/> that exist, by user id.</summary>
    public async Task<Dictionary<string, CalendarRow>> FindManyAsync(IEnumerable<string> userIds, CancellationToken ct)
    {
        var found = new Dictionary<string, CalendarRow>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            if (await connection.QuerySingleOrDefaultAsync<CalendarRow>(new CommandDefinition(FindSql, new { UserId = userId }, cancellationToken: ct)) is { } row)
            {
                found[userId] = row;
            }
        }

        return found;
    }

    /// <summary>Sets the professional's working hours, and who they are as their token says now.</summary>
    public Task SetHoursAsync(CalendarRow profile, IReadOnlyList<WorkingHours> hours, AuditEntry access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            var args = new
            {
                profile.UserId,
                profile.Name,
                profile.Role,
                profile.Agb,
                profile.OrganisationAgb,
                profile.Domain,
                HoursJson = JsonSerializer.Serialize(hours, Json),
                At = write.NowUtc,
            };
            if (await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, args, write.Transaction, cancellationToken: write.CancellationToken)) == 0)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, args, write.Transaction, cancellationToken: write.CancellationToken));
            }

            write.Audit(access);
        }, ct);

    /// <summary>Adds busy periods; those of an upload (<see cref="BusySources.Upload"/>) in place of the last upload's.</summary>
    public Task AddBusyAsync(string userId, IReadOnlyList<(Guid Id, Period Period)> periods, string source, AuditEntry access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            if (source == BusySources.Upload)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(DeleteUploadedSql, new { UserId = userId }, write.Transaction, cancellationToken: write.CancellationToken));
            }

            foreach (var (id, period) in periods)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(InsertBusySql,
                    new { Id = id, UserId = userId, StartsAt = period.Start, EndsAt = period.End, Source = source, At = write.NowUtc },
                    write.Transaction, cancellationToken: write.CancellationToken));
            }

            write.Audit(access);
        }, ct);

    /// <summary>Removes one busy period given through the API; false when there is no such period of theirs.</summary>
    public Task<bool> DeleteBusyAsync(string userId, Guid id, AuditEntry access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            var deleted = await write.Connection.ExecuteAsync(new CommandDefinition(DeleteBusySql, new { Id = id, UserId = userId }, write.Transaction,
                cancellationToken: write.CancellationToken));
            write.Audit(access with { Outcome = deleted == 1 ? access.Outcome : "not-found" });
            return deleted == 1;
        }, ct);

    /// <summary>The busy time of <paramref name="userId"/> within <paramref name="window"/>: given, uploaded, and MDOs here other than <paramref name="except"/>.</summary>
    public async Task<List<BusyRow>> BusyAsync(string userId, Period window, Guid? except, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var args = new { UserId = userId, From = window.Start, Until = window.End, Except = except ?? Guid.Empty };
        var busy = (await connection.QueryAsync<BusyRow>(new CommandDefinition(BusySql, args, cancellationToken: ct))).ToList();
        busy.AddRange(await connection.QueryAsync<BusyRow>(new CommandDefinition(MdoBusySql, args, cancellationToken: ct)));
        return busy;
    }

    /// <summary>The calendars the slot search needs for <paramref name="profiles"/> within <paramref name="window"/>.</summary>
    public async Task<List<ParticipantCalendar>> CalendarsAsync(IEnumerable<CalendarRow> profiles, Period window, Guid? except, CancellationToken ct)
    {
        var calendars = new List<ParticipantCalendar>();
        foreach (var profile in profiles)
        {
            var busy = await BusyAsync(profile.UserId, window, except, ct);
            calendars.Add(new ParticipantCalendar(profile.UserId, profile.Hours, busy.Select(b => new Period(b.StartsAt, b.EndsAt)).ToList()));
        }

        return calendars;
    }
}
