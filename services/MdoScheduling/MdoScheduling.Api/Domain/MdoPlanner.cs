using System.Security.Claims;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Outcomes;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Endpoints;

namespace MdoScheduling.Api.Domain;

/// <summary>An MDO request that passed every check: who takes part, whom it discusses, and the window in UTC.</summary>
public sealed record PlannedMdo(
    Guid FamilyId, string Purpose, IReadOnlyList<FamilyMemberRow> Members, CalendarRow Organiser,
    IReadOnlyList<CalendarRow> Required, IReadOnlyList<CalendarRow> Optional, IReadOnlyList<FamilyMemberRow> Family,
    TimeSpan Duration, Period Window);

/// <summary>
/// The outcome of checking a request: the plan; or the errors of its shape, by field; or the refusal,
/// with the participants refused and why (a broken rule, naming them in its <c>participants</c>), a family not on the caller's team (not
/// found) or the consent service not answering (unavailable).
/// </summary>
public sealed record PlanCheck(PlannedMdo? Plan, Dictionary<string, string[]> Errors, IReadOnlyList<ParticipantProblem> Refused, Refusal? Refusal);

/// <summary>
/// Checks an MDO request in one place for the search and the booking: the shape, the caller on the
/// family's care team, the members discussed and invited in the family, every professional with a
/// calendar here and on the care team, and every member's mdo consent for every professional,
/// asked of the consent service at this moment.
/// </summary>
public sealed class MdoPlanner(CalendarStore calendars, FamilyDirectory families, MdoConsent consent, TimeProvider time)
{
    public async Task<PlanCheck> CheckAsync(MdoRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Shape(request, AmsterdamTime.Today(time));
        if (errors.Count > 0)
        {
            return new PlanCheck(null, errors, [], null);
        }

        var familyId = request.FamilyId!.Value;
        var members = await families.MembersAsync(familyId, ct);
        var team = await families.TeamAsync(familyId, ct);
        if (members.Count == 0 || !team.Includes(caller.Id(), caller.Role(), caller.Claim(ClaimNames.Agb)))
        {
            return new PlanCheck(null, errors, [], Refusal.NotFound("No such family on your care team."));
        }

        var refused = new List<ParticipantProblem>();
        foreach (var id in request.Members!.Concat(request.Family ?? []).Distinct().Where(id => !members.ContainsKey(id)))
        {
            refused.Add(new ParticipantProblem(id.ToString(), MdoSchedulingRules.MemberNotInFamily, "Not a member of this family."));
        }

        var required = (request.Required ?? []).Where(id => id != caller.Id()).Distinct(StringComparer.Ordinal).ToList();
        var optional = (request.Optional ?? []).Distinct(StringComparer.Ordinal).ToList();
        var found = await calendars.FindManyAsync(required.Concat(optional).Append(caller.Id()), ct);
        foreach (var id in required.Concat(optional).Append(caller.Id()).Where(id => !found.ContainsKey(id)))
        {
            refused.Add(new ParticipantProblem(id, MdoSchedulingRules.NoCalendar, "Has no calendar here: a professional sets their working hours before they can be invited."));
        }

        var professionals = found.Values.ToList();
        foreach (var p in professionals.Where(p => !team.Includes(p.UserId, p.Role, p.Agb)))
        {
            refused.Add(new ParticipantProblem(p.UserId, MdoSchedulingRules.NotOnCareTeam, "Not on the family's care team: invite them to the team first."));
        }

        var discussed = request.Members!.Distinct().Where(members.ContainsKey).Select(id => members[id]).ToList();
        var (answered, withoutConsent) = await consent.WithoutConsentAsync(familyId, professionals, discussed, team, ct);
        if (!answered)
        {
            return new PlanCheck(null, errors, [], Refusal.Unavailable("The consent service did not answer: nobody is invited without consent. Try again shortly."));
        }

        refused.AddRange(withoutConsent);
        if (refused.Count > 0)
        {
            return new PlanCheck(null, errors, refused, Refusal.Broken(refused[0].Rule, "Not everyone named can take part.").With("participants", refused));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var windowStart = AmsterdamTime.ToUtc(request.From!.Value, TimeOnly.MinValue);
        var window = new Period(windowStart > now ? windowStart : now, AmsterdamTime.ToUtc(request.Until!.Value.AddDays(1), TimeOnly.MinValue));
        return new PlanCheck(new PlannedMdo(familyId, request.Purpose!.Trim(), discussed, found[caller.Id()],
            required.Select(id => found[id]).ToList(), optional.Select(id => found[id]).ToList(),
            (request.Family ?? []).Distinct().Select(id => members[id]).ToList(), TimeSpan.FromMinutes(request.DurationMinutes!.Value), window),
            errors, [], null);
    }

    /// <summary>The shape rules; every error keyed by its field.</summary>
    public static Dictionary<string, string[]> Shape(MdoRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        if (request.FamilyId is null || request.FamilyId == Guid.Empty)
        {
            errors["familyId"] = ["Name the family."];
        }

        if (string.IsNullOrWhiteSpace(request.Purpose) || request.Purpose.Trim().Length > MdoLimits.MaxPurposeLength)
        {
            errors["purpose"] = [$"Say what the MDO is for, in 1 to {MdoLimits.MaxPurposeLength} characters."];
        }

        if (request.Members is not { Count: > 0 })
        {
            errors["members"] = ["Name the family members to be discussed, by member id."];
        }

        var required = request.Required ?? [];
        var optional = request.Optional ?? [];
        if (required.Concat(optional).Any(string.IsNullOrWhiteSpace))
        {
            errors["required"] = ["Name each professional by user id."];
        }
        else if (required.Intersect(optional, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            errors["optional"] = [$"{both} is named both required and optional."];
        }

        // The organiser takes part too.
        if (required.Count + optional.Count + (request.Family?.Count ?? 0) + 1 > MdoLimits.MaxParticipants)
        {
            errors["required"] = [$"At most {MdoLimits.MaxParticipants} participants, the organiser included."];
        }

        if (request.Members is { Count: > MdoLimits.MaxParticipants })
        {
            errors["members"] = [$"At most {MdoLimits.MaxParticipants} members discussed."];
        }

        if (request.DurationMinutes is not (>= MdoLimits.MinDurationMinutes and <= MdoLimits.MaxDurationMinutes))
        {
            errors["durationMinutes"] = [$"From {MdoLimits.MinDurationMinutes} minutes to {MdoLimits.MaxDurationMinutes / 60} hours."];
        }

        if (request.From is not { } from || from < today)
        {
            errors["from"] = ["The window starts today or later (an Amsterdam date)."];
        }
        else if (request.Until is not { } until || until < from || until.DayNumber - from.DayNumber + 1 > MdoLimits.MaxWindowDays)
        {
            errors["until"] = [$"The window ends on or after its first day, and spans at most {MdoLimits.MaxWindowDays} days."];
        }

        return errors;
    }
}
