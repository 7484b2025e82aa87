using System.Globalization;
using Coordination.Portal.Api;
using Coordination.Portal.Resources;

namespace Coordination.Portal.Components;

/// <summary>Consent as a family reads it: who decides at which age, with whom something is shared, and what is still missing, in plain words.</summary>
public static class ConsentWords
{
    /// <summary>The purposes a family gives from the portal: for the team around the family, and for an MDO.</summary>
    public static readonly IReadOnlyList<string> Purposes = ["family-care-team", "mdo"];

    public static string WhoDecides(DeclarableSubject subject, string name)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var self = subject.Capacity == "subject";
        return subject.Rule.Id switch
        {
            "wgbo-7-465-under-12" => string.Format(CultureInfo.CurrentCulture, Texts.DecidesUnder12, name),
            "wgbo-7-450-12-to-15" => string.Format(CultureInfo.CurrentCulture, self ? Texts.DecidesFrom12Self : Texts.DecidesFrom12, name),
            _ => self ? Texts.DecidesSelf : string.Format(CultureInfo.CurrentCulture, Texts.DecidesFrom16, name),
        };
    }

    public static string Recipient(RecipientView recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.Kind switch
        {
            "care-team" => Texts.RecipientCareTeam,
            "organisation" => string.Format(CultureInfo.CurrentCulture, Texts.RecipientOrganisation, recipient.Id),
            "professional" => string.Format(CultureInfo.CurrentCulture, Texts.RecipientProfessional, recipient.Id),
            _ => Texts.RecipientFamilyMember,
        };
    }

    public static string State(ConsentView consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return consent.State switch
        {
            "active" => Texts.StateActive,
            "awaiting" => string.Join(" ", consent.Missing.Select(Missing)),
            "withdrawn" => Texts.StateWithdrawn,
            "expired" => Texts.StateExpired,
            "scheduled" => Texts.StateScheduled,
            _ => consent.State,
        };
    }

    private static string Missing(MissingView missing)
    {
        var names = string.Join(Texts.Or, missing.AnyOf.Select(p => p.Name ?? Texts.SomeoneUnnamed));
        return string.Format(CultureInfo.CurrentCulture, missing.Capacity == "subject" ? Texts.MissingSubject : Texts.MissingParent, names);
    }
}
