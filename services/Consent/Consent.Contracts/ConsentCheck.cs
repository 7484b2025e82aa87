namespace Consent.Contracts;

/// <summary>
/// Asked over the bus by a service at the moment it reads: which of these family members' data
/// may this viewer see now? The consent service answers from its own state, so a withdrawal counts
/// on the very next read. A service that gets no answer in time withholds the data (fails closed).
/// </summary>
/// <param name="FamilyId">The family whose data is read.</param>
/// <param name="Viewer">Who reads.</param>
/// <param name="Subjects">The member ids whose data the viewer would see.</param>
/// <param name="Purposes">The consent purposes that permit this read (see <see cref="ConsentPurposes"/>).</param>
public sealed record CheckConsent(Guid FamilyId, ConsentViewer Viewer, IReadOnlyList<Guid> Subjects, IReadOnlyList<string> Purposes);

/// <summary>The person reading, as the reading service knows them from their token and its own records.</summary>
/// <param name="UserId">The token subject.</param>
/// <param name="Role">The token role.</param>
/// <param name="Agb">The professional's own AGB code, when the token has one.</param>
/// <param name="Organisation">The AGB code of the professional's organisation, when the token has one.</param>
/// <param name="MemberId">For a client: their own member id, when the reading service knows it.</param>
/// <param name="OnCareTeam">Whether the reading service counts the viewer on this family's care team.</param>
public sealed record ConsentViewer(string UserId, string Role, string? Agb, string? Organisation, Guid? MemberId, bool OnCareTeam);

/// <summary>The answer: per subject, on what ground (if any) the viewer may see their data now.</summary>
/// <param name="Subjects">One entry per member id asked about.</param>
public sealed record ConsentCheckAnswer(IReadOnlyList<SubjectAccess> Subjects);

/// <summary>Whether the viewer may see one member's data, and why.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Basis">One of <see cref="AccessBasis"/>.</param>
/// <param name="DecisionId">The consent, measure or emergency access that allows it, if any.</param>
/// <param name="RuleId">The rule that decided.</param>
/// <param name="Rule">The rule, in words.</param>
/// <param name="Birthday">A birthday within 30 days on which the rule that decides about this member's consent changes; the plan shows it as a task.</param>
public sealed record SubjectAccess(Guid MemberId, string Basis, Guid? DecisionId, string RuleId, string Rule, ConsentBirthday? Birthday = null);

/// <summary>A coming birthday on which the consent rule changes for a member: at 12 the child consents too, at 16 alone.</summary>
/// <param name="Kind"><c>turns-12</c> or <c>turns-16</c>.</param>
/// <param name="On">The Amsterdam date of the birthday.</param>
/// <param name="TextNl">What changes, in Dutch.</param>
/// <param name="TextEn">What changes, in English.</param>
public sealed record ConsentBirthday(string Kind, DateOnly On, string TextNl, string TextEn);

/// <summary>The grounds on which one person's data may be shown to another.</summary>
public static class AccessBasis
{
    /// <summary>An active consent names the viewer for one of the purposes asked.</summary>
    public const string Consent = "consent";

    /// <summary>A clinician's emergency access, at most 72 hours, flagged in the client's log.</summary>
    public const string EmergencyAccess = "emergency-access";

    /// <summary>A child-protection measure of the viewer's certified institution: no consent needed.</summary>
    public const string ChildProtectionMeasure = "child-protection-measure";

    /// <summary>A parent with custody of a child under 12: the parent decides for the child, and sees the child's part without a consent.</summary>
    public const string ParentalAuthority = "parental-authority";

    /// <summary>No ground: the data stays withheld.</summary>
    public const string None = "none";
}

/// <summary>The consent purposes, a closed code list.</summary>
public static class ConsentPurposes
{
    /// <summary>Share my care data with the clinicians of my family members.</summary>
    public const string FamilyCareTeam = "family-care-team";

    /// <summary>Take part in, or be discussed in, a multidisciplinary consultation.</summary>
    public const string Mdo = "mdo";

    /// <summary>Share with one named professional or organisation outside the care team.</summary>
    public const string Professional = "professional";

    /// <summary>Share with one person in my family.</summary>
    public const string FamilyMember = "family-member";

    /// <summary>The purposes that let a viewer read a member's part of the family plan.</summary>
    public static readonly IReadOnlyList<string> PlanRead = [FamilyCareTeam, Professional, FamilyMember];
}

/// <summary>Where a service sends <see cref="CheckConsent"/>.</summary>
public static class ConsentCheckEndpoint
{
    /// <summary>The consent service's request queue.</summary>
    public const string Name = "consent-check";

    /// <summary>
    /// The send address: the exchange the consent service binds to its queue. A <c>queue:</c>
    /// address would make the sender declare the queue itself, as a classic queue, which a consent
    /// service on quorum queues could then not declare (or would refuse the sender). With no
    /// consent service bound, the question goes nowhere and the reader fails closed.
    /// </summary>
    public static readonly Uri Address = new($"exchange:{Name}");
}
