using System.Globalization;
using Coordination.Portal.Api;
using Coordination.Portal.Resources;

namespace Coordination.Portal.Components;

/// <summary>One access-log entry as a sentence: who, from which organisation, did what with which data, and why.</summary>
public static class AccessWords
{
    public static string Sentence(AccessView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var who = entry.Who.Name ?? entry.Who.Id;
        var role = Show.Code("Role", entry.Who.Role);
        var organisation = entry.Who.OnBehalfOf is { } behalf ? string.Format(CultureInfo.CurrentCulture, Texts.OnBehalfOf, behalf) : string.Empty;
        var action = entry.Outcome == "success" ? Show.Code("Action", entry.Action) : Texts.ActionDenied;
        return string.Format(CultureInfo.CurrentCulture, Texts.AccessSentence, who, role, organisation, action, Show.Code("Object", entry.ObjectType), Show.Code("Why", entry.Purpose));
    }
}
