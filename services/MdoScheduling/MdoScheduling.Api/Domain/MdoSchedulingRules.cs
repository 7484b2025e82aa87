namespace MdoScheduling.Api.Domain;

/// <summary>
/// The rules of MDO scheduling by their stable ids: the <c>rule</c> of a problem (and of each
/// participant refused) and, prefixed, its <c>type</c>. One home for every id, with what each requires.
/// </summary>
public static class MdoSchedulingRules
{
    /// <summary>A professional invited (or organising) has a calendar here: working hours set.</summary>
    public const string NoCalendar = "no-calendar";

    /// <summary>A professional invited is on the family's care team.</summary>
    public const string NotOnCareTeam = "not-on-care-team";

    /// <summary>A member discussed or invited is a member of the family.</summary>
    public const string MemberNotInFamily = "member-not-in-family";

    /// <summary>Every member discussed has an mdo consent (or a child-protection measure) for every professional invited.</summary>
    public const string NoMdoConsent = "no-mdo-consent";

    /// <summary>Every required participant is free for the whole slot booked or rescheduled to.</summary>
    public const string SlotNotFree = "slot-not-free";

    /// <summary>Every rule id of the service, with what the rule requires.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [NoCalendar] = "A professional who organises or is invited to an MDO has a calendar here: they set their working hours first.",
        [NotOnCareTeam] = "A professional invited to an MDO is on the care team of the family it discusses.",
        [MemberNotInFamily] = "A member discussed in or invited to an MDO is a member of its family.",
        [NoMdoConsent] = "Every member an MDO discusses has an mdo consent, or a child-protection measure, covering every professional invited.",
        [SlotNotFree] = "An MDO is booked or rescheduled only at a time every required participant is free for, and booked for no other MDO.",
    };
}
