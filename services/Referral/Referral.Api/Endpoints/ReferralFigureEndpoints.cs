using System.Globalization;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;
using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

/// <summary>An organisation's Treeknorm figures per month and norm.</summary>
public sealed record NormFiguresView(string OrganisationAgb, string From, string To, IReadOnlyList<NormMonth> Months);

/// <summary>An organisation's Treeknorm figures per month and norm, for the receiving organisation.</summary>
public static partial class ReferralLifecycleEndpoints
{
    /// <summary>The figures (<c>GET /norm-figures</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapFigures(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.MapGet("/norm-figures", FiguresAsync)
            .WithName("GetNormFigures")
            .WithSummary("The caller's organisation's Treeknorm figures: per month and norm, the clocks that stopped, the breaches, the median wait.")
            .WithDescription("from and to are months, yyyy-MM, at most 24 apart; both default to the current month.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return referrals;
    }

    private static async Task<Results<Ok<NormFiguresView>, ValidationProblem, ProblemHttpResult>> FiguresAsync(
        string? from, string? to, HttpContext http, ReferralQueries queries, TimeProvider time, CancellationToken ct)
    {
        var viewer = ViewerOf(http);
        // A clinician reads their organisation's figures; a POH-GGZ their practice's (as the receiver of referrals to the practice's POH-GGZ).
        var org = viewer.Role switch
        {
            Roles.Clinician => viewer.Org,
            Roles.Poh => viewer.Agb,
            _ => null,
        };
        if (org is null)
        {
            return Refusal.Forbidden("Treeknorm figures are read by the receiving organisation.").ToProblem();
        }

        var today = AmsterdamTime.Today(time);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var errors = new Dictionary<string, string[]>();
        var first = ParseMonth(from, "from", thisMonth, errors);
        var last = ParseMonth(to, "to", thisMonth, errors);
        if (errors.Count == 0 && (last < first || last > first.AddMonths(MaxFigureMonths - 1)))
        {
            errors["to"] = [$"to lies on or after from, at most {MaxFigureMonths} months on."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The figures query is invalid.");
        }

        var rows = await queries.ClockDatesAsync(org, first, last.AddMonths(1).AddDays(-1), ct);
        var months = NormFigures.Compute(rows.Select(r => new NormFigures.Clocks(r.Urgent, r.ClockStartedOn, r.TriagedOn, r.IntakeOn, r.TreatmentStartedOn)), first, last);
        return TypedResults.Ok(new NormFiguresView(org, first.ToString("yyyy-MM", CultureInfo.InvariantCulture), last.ToString("yyyy-MM", CultureInfo.InvariantCulture), months));
    }

    private static DateOnly ParseMonth(string? text, string field, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year >= 2000)
        {
            return month;
        }

        errors[field] = ["A month as yyyy-MM."];
        return fallback;
    }
}
