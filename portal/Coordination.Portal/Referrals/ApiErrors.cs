using Coordination.Portal.Api;
using Coordination.Portal.Resources;

namespace Coordination.Portal.Referrals;

/// <summary>
/// An API problem as Dutch sentences beside the fields it names: the API speaks English to
/// developers; a user reads what to change, in their language, where they typed it.
/// </summary>
public static class ApiErrors
{
    public static Dictionary<string, string> PerField(ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Errors.Keys.ToDictionary(field => field, SentenceFor);
    }

    private static string SentenceFor(string field) => Leaf(field) switch
    {
        "bsn" => Texts.ErrorBsnInvalid,
        "birthDate" => Texts.ErrorBirthDate,
        "municipalityCode" => Texts.ErrorMunicipalityCode,
        "uzovi" => Texts.ErrorUzoviAdult,
        "name" when field.StartsWith("subject", StringComparison.Ordinal) => Texts.ErrorNameRequired,
        "relation" => Texts.ErrorRelationRequired,
        "reason" => Texts.ErrorReasonRequired,
        "domain" => Texts.ErrorDomainRequired,
        "careLevel" => Texts.ErrorCareLevel,
        "code" when field.StartsWith("suspectedDsm", StringComparison.Ordinal) => Texts.ErrorDsmUnknown,
        "suspectedDsm" or "description" => Texts.ErrorDsmRequired,
        "urgentReason" => Texts.ErrorUrgentReason,
        "agb" or "name" when field.StartsWith("receiver", StringComparison.Ordinal) => Texts.ErrorReceiver,
        _ => Texts.ErrorFieldGeneric,
    };

    private static string Leaf(string field) => field[(field.LastIndexOf('.') + 1)..];
}
