namespace Coordination.ServiceDefaults.Outcomes;

/// <summary>What kind of refusal a rule gives; the HTTP layer answers each kind with one status.</summary>
public enum RefusalKind
{
    /// <summary>The thing does not exist for this caller (404): also what another's data looks like.</summary>
    NotFound,

    /// <summary>The caller may see the thing but not do this to it (403).</summary>
    Forbidden,

    /// <summary>The change needs the version the caller read (428).</summary>
    PreconditionRequired,

    /// <summary>The thing changed since the caller read it (412).</summary>
    Stale,

    /// <summary>The thing's state does not allow this now (409).</summary>
    Conflict,

    /// <summary>A rule of the domain is broken by what the caller sent (422), naming the rule and, where one field is at fault, the field.</summary>
    RuleBroken,

    /// <summary>A check the rule needs could not be made now (503): another service did not answer, and nothing is assumed.</summary>
    Unavailable,
}

/// <summary>
/// Why a rule refuses a request, in the rule's own terms and with no HTTP in it, so that the rules
/// live in a service's <c>Domain/</c>: its kind, the title a person reads, and for a broken rule or
/// a conflict with a rule of its own the rule's stable id and the field at fault.
/// <c>Coordination.ServiceDefaults.Http.RefusalProblems</c> answers it as an RFC 9457 problem, in one place.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Title, string? Rule = null, string? Field = null)
{
    /// <summary>More about this one refusal than the title says (for instance the code that is not known).</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// Further facts the caller needs to act on the refusal, each answered as a member of the
    /// problem under its name: the steps <c>allowed</c> now, the <c>status</c> that refused, a
    /// <c>proposal</c>, the <c>line</c> at fault.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Facts { get; init; } = new Dictionary<string, object?>();

    /// <summary>This refusal with one more fact named <paramref name="name"/>.</summary>
    public Refusal With(string name, object? value) =>
        this with { Facts = new Dictionary<string, object?>(Facts) { [name] = value } };

    /// <summary>This refusal with <paramref name="detail"/>.</summary>
    public Refusal Because(string? detail) => this with { Detail = detail };

    /// <summary>Two refusals are equal when they say the same: kind, title, rule, field, detail and facts (a list fact by its elements).</summary>
    public bool Equals(Refusal? other) =>
        other is not null && Kind == other.Kind && Title == other.Title && Rule == other.Rule && Field == other.Field && Detail == other.Detail
        && Facts.Count == other.Facts.Count
        && Facts.All(fact => other.Facts.TryGetValue(fact.Key, out var value) && SameFact(fact.Value, value));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Title, Rule, Field, Detail, Facts.Count);

    private static bool SameFact(object? left, object? right) =>
        left is System.Collections.IEnumerable list && left is not string && right is System.Collections.IEnumerable other && right is not string
            ? list.Cast<object?>().SequenceEqual(other.Cast<object?>())
            : Equals(left, right);

    /// <summary>404: <paramref name="title"/>.</summary>
    public static Refusal NotFound(string title) => new(RefusalKind.NotFound, title);

    /// <summary>403: <paramref name="title"/>.</summary>
    public static Refusal Forbidden(string title) => new(RefusalKind.Forbidden, title);

    /// <summary>428: <paramref name="title"/>, saying which version to send.</summary>
    public static Refusal PreconditionRequired(string title) => new(RefusalKind.PreconditionRequired, title);

    /// <summary>412: <paramref name="title"/>, saying what to read again.</summary>
    public static Refusal Stale(string title) => new(RefusalKind.Stale, title);

    /// <summary>409: <paramref name="title"/>, with the rule's id when a rule of its own says so.</summary>
    public static Refusal Conflict(string title, string? rule = null) => new(RefusalKind.Conflict, title, rule);

    /// <summary>503: <paramref name="title"/>, a check that could not be made now.</summary>
    public static Refusal Unavailable(string title) => new(RefusalKind.Unavailable, title);

    /// <summary>422: the rule <paramref name="rule"/> is broken, with its <paramref name="field"/> when one field is at fault.</summary>
    public static Refusal Broken(string rule, string title, string? field = null) => new(RefusalKind.RuleBroken, title, rule, field);
}
