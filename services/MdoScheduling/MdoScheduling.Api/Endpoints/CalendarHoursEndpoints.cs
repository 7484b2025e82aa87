using System.Globalization;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>A professional's working hours per weekday, on the quarter hour, Amsterdam time.</summary>
public static partial class CalendarEndpoints
{
    private const int MaxSpansPerDay = 3;

    private static async Task<Results<Ok<CalendarView>, ValidationProblem, ProblemHttpResult>> SetHoursAsync(
        HoursRequest request, HttpContext http, CalendarStore calendars, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        if (MdoRefusals.MayKeepCalendar(http.User.Role()) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        var hours = new List<WorkingHours>();
        if (request.Hours is null)
        {
            errors["hours"] = ["Give the working hours per weekday (an empty list: no working hours)."];
        }

        for (var i = 0; i < (request.Hours?.Count ?? 0); i++)
        {
            var input = request.Hours![i];
            var day = Enum.TryParse<DayOfWeek>(input.Day, ignoreCase: true, out var d) && input.Day!.All(char.IsLetter) ? d : (DayOfWeek?)null;
            var from = Quarter(input.From);
            var to = Quarter(input.To);
            if (day is null)
            {
                errors[$"hours[{i}].day"] = ["A weekday in English: monday to sunday."];
            }

            if (from is null)
            {
                errors[$"hours[{i}].from"] = ["A time HH:mm on the quarter hour."];
            }

            if (to is null || (from is not null && to <= from))
            {
                errors[$"hours[{i}].to"] = ["A time HH:mm on the quarter hour, after from."];
            }

            if (day is { } weekday && from is { } f && to is { } t && t > f)
            {
                hours.Add(new WorkingHours(weekday, f, t));
            }
        }

        foreach (var day in hours.GroupBy(h => h.Day).Where(g => g.Count() > MaxSpansPerDay || Overlapping(g)))
        {
            errors["hours"] = [$"{day.Key}: at most {MaxSpansPerDay} spans a day, none overlapping."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The working hours are invalid.");
        }

        var user = http.User;
        var profile = new CalendarRow
        {
            UserId = user.Id(),
            Name = user.Claim(ClaimNames.Name) ?? user.Id(),
            Role = user.Role(),
            Agb = user.Claim(ClaimNames.Agb),
            OrganisationAgb = user.Claim(ClaimNames.Org),
            Domain = user.Claim(ClaimNames.Domain),
        };
        var ordered = hours.OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.From).ToList();
        await calendars.SetHoursAsync(profile, ordered, access.Allowed(user, AuditAction.Update, Purpose, "Calendar", user.Id()), ct);
        var row = (await calendars.FindAsync(profile.UserId, ct))!;
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(View(row, await calendars.BusyAsync(row.UserId, new Period(now, now.AddDays(MdoLimits.MaxWindowDays)), null, ct)));
    }

    private static TimeOnly? Quarter(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && t.Minute % 15 == 0 ? t : null;

    private static bool Overlapping(IEnumerable<WorkingHours> spans)
    {
        var ordered = spans.OrderBy(s => s.From).ToList();
        return ordered.Zip(ordered.Skip(1)).Any(p => p.Second.From < p.First.To);
    }
}
