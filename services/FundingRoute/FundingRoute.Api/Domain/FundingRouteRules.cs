namespace FundingRoute.Api.Domain;

/// <summary>
/// The one home of this service's refusal rules: the id a refusal names as its <c>rule</c>, each
/// with what it requires. The funding engine's rule book (<see cref="Engine.FundingRuleBook"/>)
/// cites the articles of law that decide who pays; those are funding rules, not refusals, and are
/// not listed here.
/// </summary>
public static class FundingRouteRules
{
    /// <summary>A JW315 request is for youth care under the Jeugdwet after a referral with direct access.</summary>
    public const string AssignmentNotByRequest = "assignment-not-by-request";

    /// <summary>An organisation requests an assignment for a referral once.</summary>
    public const string AssignmentAlreadyRequested = "assignment-already-requested";

    /// <summary>A step of the iJw lifecycle is taken only from the states it follows.</summary>
    public const string AssignmentStepNotAllowed = "assignment-step-not-allowed";

    /// <summary>A step lands only on the version of the request it was taken on.</summary>
    public const string AssignmentChanged = "assignment-changed";

    /// <summary>Every rule id of this service, with a sentence saying what it requires.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AssignmentNotByRequest] = "A provider requests an assignment (iJw JW315) only for youth care under the Jeugdwet after a referral by a GP, youth doctor or medical specialist (Jeugdwet art. 2.6); otherwise the municipality decides or another law pays.",
        [AssignmentAlreadyRequested] = "An organisation requests the assignment of a referral's youth care once; a second request refers to the first.",
        [AssignmentStepNotAllowed] = "Each step of the iJw assignment lifecycle (JW316, JW301, JW319, JW305, JW307) follows only the states it is allowed from.",
        [AssignmentChanged] = "A step of an assignment request is stored only over the version it was taken on; when the request changed meanwhile it is read again.",
    };
}
