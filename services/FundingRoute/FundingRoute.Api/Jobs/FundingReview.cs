using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Dapper;
using FamilyPlan.Contracts;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Engine;
using Microsoft.Extensions.Options;

namespace FundingRoute.Api.Jobs;

/// <summary>How often the funding review runs.</summary>
public sealed class FundingReviewOptions
{
    public const string Section = "FundingReview";

    /// <summary>The time between two passes; a pass also runs when the service starts.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Decides again where the facts changed with the calendar (issue 10): from 90 days before a
/// member in youth care turns 18, their youth help's decision carries the transition (once); on
/// the birthday it is decided again under the adult rules (GGZ moves to the Zvw, help found
/// necessary before 18 stays Jeugdwet to 23), and again on the 21st and 23rd birthdays; a youth
/// GGZ assignment still running stops with reason 31. A year after a move the old municipality's responsibility for help begun before it
/// ends. Each change is its own unit of work, so one that fails leaves the others done and is
/// tried again on the next pass; a pass that finds nothing to do changes nothing. The first pass
/// runs as the service starts.
/// </summary>
public sealed class FundingReview(Database database, UnitOfWork unitOfWork, AccessLogWriter access, TimeProvider time, IOptions<FundingReviewOptions> options,
    ILogger<FundingReview> logger) : BackgroundService
{
    /// <summary>The ages at which youth help under the Jeugdwet may end.</summary>
    private static readonly int[] AgeLimits = [18, 21, 23];

    // Open youth routes of members who turn 18 within 91 days or already did: the rest of the choice is made per row.
    private const string DueSql = """
        SELECT intervention_id AS InterventionId, intervention_json AS InterventionJson, subject_birth_date AS SubjectBirthDate,
            decided_on AS DecidedOn, transition_on AS TransitionOn
        FROM intervention_routes
        WHERE law = 'Jeugdwet' AND status IN ('planned', 'active') AND subject_birth_date IS NOT NULL AND intervention_json IS NOT NULL
            AND subject_birth_date <= @Latest
        """;

    /// <summary>The first pass runs before the service takes requests, so it starts from a reviewed state.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await PassAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    // Youth help still paid by the municipality a member moved away from a year or more ago.
    private const string MovedSql = """
        SELECT r.intervention_json AS InterventionJson, r.decided_on AS DecidedOn, m.moved_on AS MovedOn
        FROM intervention_routes r JOIN funding_members m ON m.member_id = r.member_id
        WHERE r.status IN ('planned', 'active') AND r.intervention_json IS NOT NULL AND r.law = 'Jeugdwet'
            AND m.previous_municipality IS NOT NULL AND r.financier_code = m.previous_municipality AND m.moved_on <= @YearAgo
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await PassAsync(stoppingToken);
        }
    }

    private async Task PassAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync(AmsterdamTime.Today(time), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The funding review failed; it runs again in {Interval}.", options.Value.Interval);
        }
    }

    /// <summary>One pass for <paramref name="today"/>; returns how many decisions and assignments it changed.</summary>
    public async Task<int> RunAsync(DateOnly today, CancellationToken ct)
    {
        List<DueRow> rows;
        List<MovedRow> moved;
        await using (var connection = await database.OpenAsync(ct))
        {
            rows = (await connection.QueryAsync<DueRow>(new CommandDefinition(DueSql, new { Latest = today.AddDays(91).AddYears(-18) }, cancellationToken: ct))).AsList();
            moved = (await connection.QueryAsync<MovedRow>(new CommandDefinition(MovedSql, new { YearAgo = today.AddDays(-Woonplaats.MoveGraceDays) }, cancellationToken: ct))).AsList();
        }

        var changed = 0;
        foreach (var row in rows)
        {
            var intervention = JsonSerializer.Deserialize<InterventionChanged>(row.InterventionJson, InterventionRouteStore.Json)!;
            var birthday = AmsterdamTime.BirthdayAt(row.SubjectBirthDate, 18);
            var announce = today >= birthday.AddDays(-AgeTransition.LeadDays) && today < birthday && row.TransitionOn is null;
            // 18 ends youth GGZ; 21 ends foster care begun before 18; 23 ends help found necessary before 18.
            var decidedOn = row.DecidedOn ?? intervention.StartOn;
            var turned = AgeLimits.Any(age => AmsterdamTime.BirthdayAt(row.SubjectBirthDate, age) is var limit && decidedOn < limit && limit <= today);
            if (intervention.StartOn >= birthday || !(announce || turned))
            {
                continue;
            }

            await unitOfWork.RunAsync(write => InterventionRouteStore.DecideAsync(write, access, intervention, turned ? today : intervention.StartOn, again: true), ct);
            changed++;
        }

        // A year after a move the old municipality's responsibility ends, assigned or not.
        foreach (var row in moved)
        {
            var intervention = JsonSerializer.Deserialize<InterventionChanged>(row.InterventionJson, InterventionRouteStore.Json)!;
            if ((row.DecidedOn ?? intervention.StartOn) < row.MovedOn.AddDays(Woonplaats.MoveGraceDays))
            {
                await unitOfWork.RunAsync(write => InterventionRouteStore.DecideAsync(write, access, intervention, today, again: true), ct);
                changed++;
            }
        }

        foreach (var assignment in await AssignmentStore.YouthGgzRunningPast18Async(database, today, ct))
        {
            var stopped = await unitOfWork.RunAsync(write => AssignmentStore.StopAtEighteenAsync(write, access, assignment), ct);
            changed += stopped ? 1 : 0;
        }

        return changed;
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class MovedRow
    {
        public string InterventionJson { get; set; } = "{}";
        public DateOnly? DecidedOn { get; set; }
        public DateOnly MovedOn { get; set; }
    }

    private sealed class DueRow
    {
        public Guid InterventionId { get; set; }
        public string InterventionJson { get; set; } = "{}";
        public DateOnly SubjectBirthDate { get; set; }
        public DateOnly? DecidedOn { get; set; }
        public DateOnly? TransitionOn { get; set; }
    }
}
