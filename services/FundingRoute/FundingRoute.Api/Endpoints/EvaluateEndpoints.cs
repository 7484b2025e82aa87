using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Domain;
using FundingRoute.Api.Domain.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundingRoute.Api.Endpoints;

public sealed record EvaluateRequest(
    [Required, Description("The member's birth date.")] DateOnly? BirthDate,
    [Description("The day to judge on (Europe/Amsterdam); today when left out; within three years of today.")] DateOnly? On,
    [Required, AllowedValues("mental-health-treatment", "family-therapy", "support-at-home", "respite-care", "foster-care", "residential", "long-term-care"),
        Description("The kind of help.")] string? Help,
    [Required, Description("Where the member lives, as the woonplaatsbeginsel needs it.")] ResidenceRequest? Residence,
    [Description("The member's health insurer (UZOVI, 4 digits).")] string? Uzovi,
    [Description("Whether a (suspected) DSM-5 disorder of the member is on record.")] bool? SuspectedDisorder,
    [Description("Whether a valid referral for the member is on record.")] bool? ValidReferral,
    [Description("Whether the POH-GGZ gives the help (GP care).")] bool? ByPoh,
    [Description("Whether foster care began before the 18th birthday.")] bool? FosterCareBegunBefore18,
    [Description("Whether continued youth help was found necessary before the 18th birthday.")] bool? ContinuationFoundNecessaryBefore18,
    [Description("For family therapy: part of a patient's treatment where family problems hinder it.")] bool? WithinPatientTreatment,
    [Range(0, 20), Description("For family sessions: relatives taking part with their own care need and referral.")] int? RelativesWithOwnReferral,
    [Description("Whether the CIZ has given a Wlz indication.")] bool? CizIndication);

public sealed record ResidenceRequest(
    [Description("CBS code (4 digits) of the BRP home address.")] string? BrpMunicipality,
    [Description("Whether the BRP address is abroad.")] bool? Abroad,
    [AllowedValues("home", "provider", "foster-parents", "wlz", "youth-detention"), Description("Where the member stays.")] string? Stay,
    [Description("For a stay away from home: the BRP municipality just before it.")] string? BrpMunicipalityBeforeStay,
    [Description("Where the mother lived at the birth.")] string? MotherMunicipalityAtBirth,
    [Description("Where the member actually is.")] string? WhereTheChildIs,
    [Description("After a move during non-residential help: the municipality before the move.")] string? PreviousMunicipality,
    [Description("The day of that move: not after the day judged on, not before the birth.")] DateOnly? MovedOn,
    [Description("Whether the new municipality has assigned help since the move.")] bool? NewMunicipalityAssigned);

/// <summary>The cost–benefit table of family therapy, with its source.</summary>
public sealed record CostBenefitTable(string Source, IReadOnlyList<CostBenefitCase> Cases);

/// <summary>One rule that decided, cited.</summary>
public sealed record EvaluatedRule(string Id, string Article, string Nl, string En, IReadOnlyDictionary<string, string> Facts);

/// <summary>The what-if answer: who would pay, the preferred first, and why; and, for a young person within 90 days of 18, the transition due.</summary>
public sealed record EvaluateAnswer(DateOnly On, IReadOnlyList<FundingChoice> Options, IReadOnlyList<EvaluatedRule> Rules, TransitionView? Transition = null);

/// <summary>The 18-/18+ transition due: the birthday, from when the task is due, what continues and under which law, the stop reason of a youth route that ends, and the rule.</summary>
public sealed record TransitionView(DateOnly BirthdayOn, DateOnly TaskFrom, bool Continues, string Law, string? StopReason, EvaluatedRule Rule);

/// <summary>
/// A clinician asks before planning who would pay for a kind of help (issue 10): the engine's
/// answer with every rule cited. Nothing is stored, published or logged against a client: the
/// question names no one.
/// </summary>
public static partial class EvaluateEndpoints
{
    private static readonly Dictionary<string, HelpKind> Helps = new()
    {
        ["mental-health-treatment"] = HelpKind.MentalHealthTreatment, ["family-therapy"] = HelpKind.FamilyTherapy, ["support-at-home"] = HelpKind.SupportAtHome,
        ["respite-care"] = HelpKind.RespiteCare, ["foster-care"] = HelpKind.FosterCare, ["residential"] = HelpKind.Residential, ["long-term-care"] = HelpKind.LongTermCare,
    };

    private static readonly Dictionary<string, Stay> Stays = new()
    {
        ["home"] = Stay.Home, ["provider"] = Stay.Provider, ["foster-parents"] = Stay.FosterParents, ["wlz"] = Stay.Wlz, ["youth-detention"] = Stay.YouthDetention,
    };

    /// <summary>Maps the what-if question and the cost–benefit table into <paramref name="funding"/> (<c>/api/funding</c>).</summary>
    internal static void MapEvaluate(RouteGroupBuilder funding)
    {
        funding.MapPost("/evaluate", Evaluate)
            .WithName("EvaluateFunding")
            .WithSummary("What if: who would pay for this help for a member like this, and why; stores nothing.")
            .WithDescription("For care professionals before planning. The answer lists the options in order of preference (empty when nobody pays) "
                + "and every rule that decided, with its law and article, a Dutch and an English explanation, and the facts it used. "
                + "Financiers and clients may not ask (403).");
        funding.MapGet("/cost-benefit", (HttpContext http) =>
                FundingQuestions.MayReadCostBenefit(http.User) is { } refusal
                    ? refusal.ToProblem()
                    : Results.Ok(new CostBenefitTable(CostBenefit.Source, CostBenefit.Cases)))
            .WithName("GetFamilyTherapyCostBenefit")
            .WithSummary("What family therapy is worth per case type: expected avoided cost, cost, net and the break-even success chance, with the source.")
            .Produces<CostBenefitTable>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static Results<Ok<EvaluateAnswer>, ValidationProblem, ProblemHttpResult> Evaluate(
        EvaluateRequest request, HttpContext http, TimeProvider time)
    {
        if (FundingQuestions.MayEvaluate(http.User) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var today = AmsterdamTime.Today(time);
        var (facts, errors) = Validate(request, today);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The question is invalid.");
        }

        var answer = FundingEngine.Decide(facts!);
        var transition = AgeTransition.Due(facts!.BirthDate, facts.On, facts.Help, facts.ContinuationFoundNecessaryBefore18);
        return TypedResults.Ok(new EvaluateAnswer(facts.On, answer.Options, answer.Rules.Select(Cited).ToList(),
            transition is null ? null : new TransitionView(transition.BirthdayOn, transition.TaskFrom, transition.Continues, transition.Law, transition.StopReason, Cited(transition.Rule))));
    }

    private static EvaluatedRule Cited(AppliedRule r) => new(r.Rule.Id, r.Rule.Article, r.Rule.Nl, r.Rule.En, r.Facts);

    /// <summary>The facts the request states, or the errors, each naming its field.</summary>
    public static (FundingFacts? Facts, Dictionary<string, string[]> Errors) Validate(EvaluateRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var on = request.On ?? today;
        if (on < today.AddYears(-3) || on > today.AddYears(3))
        {
            errors["on"] = ["Judge on a day within three years of today."];
        }

        if (request.BirthDate is not { } born)
        {
            errors["birthDate"] = ["The birth date is required."];
        }
        else if (born > on || born < on.AddYears(-120))
        {
            errors["birthDate"] = ["The birth date lies on or before the day judged on, at most 120 years before it."];
        }

        if (request.Help is null || !Helps.ContainsKey(request.Help))
        {
            errors["help"] = [$"Use one of: {string.Join(", ", Helps.Keys)}."];
        }

        Code(request.Uzovi, "uzovi", errors);
        if (request.RelativesWithOwnReferral is < 0 or > 20)
        {
            errors["relativesWithOwnReferral"] = ["From 0 to 20."];
        }

        var r = request.Residence;
        if (r is null)
        {
            errors["residence"] = ["Where the member lives is required."];
        }
        else
        {
            Code(r.BrpMunicipality, "residence.brpMunicipality", errors);
            Code(r.BrpMunicipalityBeforeStay, "residence.brpMunicipalityBeforeStay", errors);
            Code(r.MotherMunicipalityAtBirth, "residence.motherMunicipalityAtBirth", errors);
            Code(r.WhereTheChildIs, "residence.whereTheChildIs", errors);
            Code(r.PreviousMunicipality, "residence.previousMunicipality", errors);
            if (r.Stay is not null && !Stays.ContainsKey(r.Stay))
            {
                errors["residence.stay"] = [$"Use one of: {string.Join(", ", Stays.Keys)}."];
            }

            if (r.MovedOn is { } moved && (moved > on || (request.BirthDate is { } b && moved < b)))
            {
                errors["residence.movedOn"] = ["A move lies between the birth and the day judged on."];
            }

            if ((r.MovedOn is null) != (r.PreviousMunicipality is null))
            {
                errors["residence.movedOn"] = ["A move names both the municipality before it and its day."];
            }

            if (r.BrpMunicipality is null && r.MotherMunicipalityAtBirth is null && r.WhereTheChildIs is null && r.BrpMunicipalityBeforeStay is null)
            {
                errors["residence"] = ["Name at least one municipality: the BRP address, the one before a stay, the mother's at birth, or where the member is."];
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var residence = new Residence(r!.BrpMunicipality, r.Abroad ?? false, r.Stay is null ? Stay.Home : Stays[r.Stay], r.BrpMunicipalityBeforeStay,
            r.MotherMunicipalityAtBirth, r.WhereTheChildIs, r.PreviousMunicipality, r.MovedOn, r.NewMunicipalityAssigned ?? false);
        return (new FundingFacts(request.BirthDate!.Value, on, Helps[request.Help!], residence, request.Uzovi, request.SuspectedDisorder ?? false,
            request.ValidReferral ?? false, request.ByPoh ?? false, request.FosterCareBegunBefore18 ?? false, request.ContinuationFoundNecessaryBefore18 ?? false,
            request.WithinPatientTreatment ?? false, request.RelativesWithOwnReferral ?? 0, request.CizIndication ?? false), errors);
    }

    private static void Code(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is not null && !FourDigits().IsMatch(value))
        {
            errors[field] = ["A code of four digits."];
        }
    }

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex FourDigits();
}
