using System.Globalization;
using FhirEdge.Api.Domain;
using FhirEdge.Api.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirEdge.Api.Endpoints;

/// <summary>
/// FHIR R4 at <c>/fhir</c>: a referral in as a transaction bundle, the closed loop out as a Task
/// whose focus is the referral's ServiceRequest (docs/fhir.md). Every answer is FHIR JSON; every
/// refusal an OperationOutcome naming the element, never a stack trace.
/// </summary>
public static class FhirEndpoints
{
    public const string FhirJson = "application/fhir+json";

    /// <summary>The most entries one search returns (_count).</summary>
    public const int MaxSearch = 100;

    /// <summary>How many referrals a search reads at once.</summary>
    private const int ParallelReads = 8;

    public static WebApplication MapFhir(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var fhir = app.MapGroup("/fhir").RequireAuthorization();
        fhir.MapGet("/metadata", () => Answer(Capabilities.Statement(), StatusCodes.Status200OK)).AllowAnonymous();
        fhir.MapPost("/", TransactionAsync);
        fhir.MapGet("/ServiceRequest/{id}", ServiceRequestAsync);
        fhir.MapGet("/ServiceRequest", RefuseIdentifierInUrl);
        fhir.MapPost("/ServiceRequest/_search", SearchServiceRequestsAsync).DisableAntiforgery();
        fhir.MapGet("/Task/{id}", TaskAsync);
        fhir.MapGet("/CarePlan/{id}", CarePlanAsync);
        fhir.MapGet("/CareTeam/{id}", CareTeamAsync);
        fhir.MapGet("/Goal/{id}", (string id, PlatformApi platform, CancellationToken ct) => PlanItemAsync(id, PlanItemResources.FindGoal, platform, ct));
        fhir.MapGet("/Observation/{id}", (string id, PlatformApi platform, CancellationToken ct) => PlanItemAsync(id, PlanItemResources.FindObservation, platform, ct));
        fhir.MapGet("/Observation", (HttpRequest request, PlatformApi platform, CancellationToken ct) =>
            SearchPlanAsync(request, "based-on", PlanItemResources.Observations, platform, ct));
        fhir.MapGet("/Appointment/{id}", (string id, PlatformApi platform, CancellationToken ct) => PlanItemAsync(id, PlanItemResources.FindAppointment, platform, ct));
        fhir.MapGet("/Appointment", (HttpRequest request, PlatformApi platform, CancellationToken ct) =>
            SearchPlanAsync(request, "supporting-info", PlanItemResources.Appointments, platform, ct));
        fhir.MapGet("/Consent/{id}", ConsentAsync);
        fhir.MapGet("/DocumentReference/{id}", LetterAsync);
        fhir.MapGet("/Coverage/{id}", CoverageAsync);
        fhir.MapGet("/AuditEvent", AuditEventsAsync);
        fhir.MapGet("/Task", SearchTasksAsync);
        return app;
    }

    private static async Task<IResult> TransactionAsync(HttpRequest request, PlatformApi platform, ProfileValidator validator, TimeProvider time, CancellationToken ct)
    {
        var (resource, refusal) = await ReadAsync(request, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (resource is not Bundle bundle)
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, resource!.TypeName, "POST /fhir takes a transaction Bundle.");
        }

        // Each resource against its profile: nl-core where one exists, base R4 otherwise.
        var outcome = new OperationOutcome();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is { } entry)
            {
                var validated = await validator.ValidateAsync(entry, ct);
                foreach (var issue in validated.Issue.Where(Counts))
                {
                    issue.Expression = issue.Expression.Select(e => $"Bundle.entry[{i}].resource{Inner(e ?? string.Empty, entry.TypeName)}").ToList();
                    outcome.Issue.Add(issue);
                }
            }
        }

        if (outcome.Issue.Count > 0)
        {
            return Answer(outcome, StatusCodes.Status422UnprocessableEntity);
        }

        var (submission, issues) = ReferralBundle.Read(bundle, Coordination.ServiceDefaults.AmsterdamTime.Today(time));
        if (submission is null)
        {
            return Answer(Outcome(issues.Select(i => ((string?)i.Expression, i.Message))), StatusCodes.Status422UnprocessableEntity);
        }

        // The bundle's identifier (or the caller's Idempotency-Key) makes a second send of the same bundle the first one's answer.
        var key = request.Headers["Idempotency-Key"].FirstOrDefault() ?? (bundle.Identifier?.Value is { } value ? $"{bundle.Identifier.System}|{value}" : null);
        var created = await platform.SendAsync<ReferralCreated>(HttpMethod.Post, "/api/referrals/", submission, key, ct);
        if (!created.Ok)
        {
            return Relay(created, field => ReferralBundle.ExpressionOf(bundle, field));
        }

        var id = created.Value!.Id;
        var answer = new Bundle
        {
            Type = Bundle.BundleType.TransactionResponse,
            Entry = bundle.Entry.Select(e => new Bundle.EntryComponent
            {
                Response = e.Resource is ServiceRequest
                    ? new Bundle.ResponseComponent { Status = "201 Created", Location = $"ServiceRequest/{id}", LastModified = created.Value.SubmittedAt }
                    // The other resources live on in the platform's own records (the referral, the family), not as resources of the edge.
                    : new Bundle.ResponseComponent { Status = "200 OK", Outcome = Outcome([(null, "Taken into the referral; not kept as a resource of its own.")], OperationOutcome.IssueSeverity.Information) },
            }).Append(new Bundle.EntryComponent
            {
                // The closed loop: the Task that follows the referral.
                Response = new Bundle.ResponseComponent { Status = "201 Created", Location = $"Task/{id}", LastModified = created.Value.SubmittedAt },
            }).ToList(),
        };
        return Answer(answer, StatusCodes.Status200OK);
    }

    private static Task<IResult> ServiceRequestAsync(string id, PlatformApi platform, CancellationToken ct) =>
        ReadAsync<FollowedReferral>(id, referral => $"/api/referrals/{referral}", ReferralResources.ServiceRequestOf, platform, ct);

    private static Task<IResult> TaskAsync(string id, PlatformApi platform, CancellationToken ct) =>
        ReadAsync<FollowedReferral>(id, referral => $"/api/referrals/{referral}", ReferralResources.TaskOf, platform, ct);

    /// <summary>The family plan as the caller may see it now, consent applied by the family plan service at this read.</summary>
    private static Task<IResult> CarePlanAsync(string id, PlatformApi platform, CancellationToken ct) =>
        ReadAsync<FamilyPlan>(id, family => $"/api/families/{family}/plan", CarePlanResources.CarePlanOf, platform, ct);

    /// <summary>The family's care team, to whoever the family plan service shows it.</summary>
    private static Task<IResult> CareTeamAsync(string id, PlatformApi platform, CancellationToken ct) =>
        ReadAsync<Team>(id, family => $"/api/families/{family}/team", CarePlanResources.CareTeamOf, platform, ct);

    /// <summary>
    /// A goal, an outcome measurement or an MDO of a family plan (<see cref="PlanItemId"/>): found in the plan as the
    /// family plan service gives it to the caller at this read, so hidden exactly where the plan hides it; 404 otherwise.
    /// </summary>
    private static Task<IResult> PlanItemAsync(string id, Func<FamilyPlan, Guid, Resource?> find, PlatformApi platform, CancellationToken ct) =>
        PlanItemId.TryParse(id, out var familyId, out var itemId)
            ? FoundAsync<FamilyPlan>(id, $"/api/families/{familyId}/plan", plan => find(plan, itemId), platform, ct)
            : System.Threading.Tasks.Task.FromResult(NotFound(id));

    /// <summary>
    /// The Observations or Appointments of one family plan, by the reference each has to its CarePlan
    /// (<c><paramref name="parameter"/>=CarePlan/{id}</c>), newest first; <c>_count</c> as for Tasks. One read of the plan.
    /// </summary>
    private static async Task<IResult> SearchPlanAsync(HttpRequest request, string parameter, Func<FamilyPlan, IEnumerable<Resource>> items, PlatformApi platform, CancellationToken ct)
    {
        if (request.Query.Keys.FirstOrDefault(k => k != parameter && k != "_count") is { } unknown)
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, unknown, $"This search takes {parameter}=CarePlan/<id> and _count, not {unknown}.");
        }

        var carePlan = request.Query[parameter].FirstOrDefault();
        if (carePlan is null || !carePlan.StartsWith("CarePlan/", StringComparison.Ordinal) || !Guid.TryParse(carePlan["CarePlan/".Length..], out var familyId))
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, parameter, $"Give {parameter}=CarePlan/<id>: the family plan whose parts are searched.");
        }

        if (Count(request.Query["_count"].FirstOrDefault()) is not { } count)
        {
            return BadCount();
        }

        var plan = await platform.GetAsync<FamilyPlan>($"/api/families/{familyId}/plan", ct);
        if (!plan.Ok)
        {
            // A plan the caller may not see has no parts for them: an empty search, as for any reference that matches nothing.
            return plan.Status == StatusCodes.Status404NotFound ? Answer(Searchset(request, []), StatusCodes.Status200OK) : Relay(plan, f => f);
        }

        return Answer(Searchset(request, items(plan.Value!).Take(count).ToList()), StatusCodes.Status200OK);
    }

    /// <summary>A referral's letter (its id is the referral's), to whom the referral service shows the referral.</summary>
    private static async Task<IResult> LetterAsync(string id, PlatformApi platform, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var referral))
        {
            return NotFound(id);
        }

        var found = await platform.GetAsync<FollowedReferral>($"/api/referrals/{referral}", ct);
        if (!found.Ok)
        {
            return found.Status == StatusCodes.Status404NotFound ? NotFound(id) : Relay(found, f => f);
        }

        var (status, pdf) = await platform.DownloadAsync($"/api/referrals/{referral}/letter.pdf", ct);
        return pdf is null
            ? Refuse(status == StatusCodes.Status404NotFound ? status : StatusCodes.Status502BadGateway, OperationOutcome.IssueType.Processing, null, "The letter could not be made.")
            : Answer(ReferralResources.LetterOf(found.Value!, pdf), StatusCodes.Status200OK);
    }

    /// <summary>A referral's funding route (its id is the referral's), to its own financier only.</summary>
    private static Task<IResult> CoverageAsync(string id, PlatformApi platform, CancellationToken ct) =>
        ReadAsync<FinancierRoute>(id, referral => $"/api/funding-routes/{referral}", CoverageResources.CoverageOf, platform, ct);

    /// <summary>One consent decision, to whom the consent service shows it.</summary>
    private static Task<IResult> ConsentAsync(string id, PlatformApi platform, CancellationToken ct) =>
        ReadAsync<ConsentDecision>(id, consent => $"/api/consents/{consent}", PrivacyResources.ConsentOf, platform, ct);

    /// <summary>
    /// For a client: who accessed their data, in every service, newest first (the consent service gathers it);
    /// <c>_count</c> as for Tasks. A log a service could not add to says so in a warning of the bundle's outcome.
    /// </summary>
    private static async Task<IResult> AuditEventsAsync(HttpRequest request, PlatformApi platform, CancellationToken ct)
    {
        if (request.Query.Keys.FirstOrDefault(k => k is not ("_count" or "patient")) is { } unknown)
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, unknown, $"AuditEvent search takes patient (a member id) and _count, not {unknown}.");
        }

        if (Count(request.Query["_count"].FirstOrDefault()) is not { } count)
        {
            return BadCount();
        }

        // Whose log: the member id given (a custodial parent's child), or the caller's own. A member id is no BSN.
        Guid member;
        if (request.Query["patient"].FirstOrDefault() is { } patient)
        {
            if (!Guid.TryParse(patient.Split('/')[^1], out member))
            {
                return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Value, "patient", "patient is a member id, as the consent service names family members.");
            }
        }
        else
        {
            var subjects = await platform.GetAsync<List<DeclarableSubject>>("/api/consents/subjects", ct);
            if (!subjects.Ok)
            {
                return Relay(subjects, f => f);
            }

            if (subjects.Value!.FirstOrDefault(s => s.Capacity == "subject") is not { } own)
            {
                return Refuse(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, null, "No access log of yours: you are not a member of a family here.");
            }

            member = own.MemberId;
        }

        var log = await platform.GetAsync<AccessLog>($"/api/consents/access-log?subject={member}&limit={count}", ct);
        if (!log.Ok)
        {
            return Relay(log, f => f);
        }

        var events = log.Value!.Items.Select((a, i) => (Resource)PrivacyResources.AuditEventOf(a, $"{a.At.ToUnixTimeSeconds()}-{i}")).ToList();
        var bundle = Searchset(request, events);
        if (!log.Value.Complete)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = Outcome([(null, "Not every service answered; missing: " + string.Join(", ", log.Value.Unavailable))], OperationOutcome.IssueSeverity.Warning),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
            });
        }

        return Answer(bundle, StatusCodes.Status200OK);
    }

    /// <summary>One resource whose id is the platform's: what the API answers the caller at <paramref name="path"/>, mapped; 404 where it answers 404.</summary>
    private static Task<IResult> ReadAsync<T>(string id, Func<Guid, string> path, Func<T, Resource> map, PlatformApi platform, CancellationToken ct) =>
        Guid.TryParse(id, out var platformId) ? FoundAsync(id, path(platformId), map, platform, ct) : System.Threading.Tasks.Task.FromResult(NotFound(id));

    /// <summary>What the API answers the caller at <paramref name="path"/>, mapped; 404 where it answers 404 or the map finds nothing in it.</summary>
    private static async Task<IResult> FoundAsync<T>(string id, string path, Func<T, Resource?> map, PlatformApi platform, CancellationToken ct)
    {
        var found = await platform.GetAsync<T>(path, ct);
        if (!found.Ok)
        {
            return found.Status == StatusCodes.Status404NotFound ? NotFound(id) : Relay(found, f => f);
        }

        return map(found.Value!) is { } resource ? Answer(resource, StatusCodes.Status200OK) : NotFound(id);
    }

    private static IResult RefuseIdentifierInUrl(HttpRequest request) =>
        request.Query.Keys.Any(k => k.StartsWith("patient", StringComparison.Ordinal) || k.StartsWith("subject", StringComparison.Ordinal))
            ? Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Security, "ServiceRequest.subject",
                "A BSN is never put in a URL (it ends up in logs): search with POST /fhir/ServiceRequest/_search and the parameters in the body.")
            : Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, "ServiceRequest",
                "Search ServiceRequests with POST /fhir/ServiceRequest/_search, the parameters in the body.");

    /// <summary>
    /// The ServiceRequests of one patient among the caller's referrals: <c>patient.identifier=&lt;BSN system&gt;|&lt;BSN&gt;</c>
    /// in a form body (never in the URL), <c>_count</c> as for Tasks; the newest change first.
    /// </summary>
    private static async Task<IResult> SearchServiceRequestsAsync(HttpRequest request, PlatformApi platform, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, null, "Send the search as application/x-www-form-urlencoded.");
        }

        var form = await request.ReadFormAsync(ct);
        if (request.Query.Count > 0)
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Security, request.Query.Keys.First(), "Put the search's parameters in the body, none in the URL.");
        }

        if (form.Keys.FirstOrDefault(k => k is not ("patient.identifier" or "_count")) is { } unknown)
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, unknown, $"ServiceRequest search takes patient.identifier and _count, not {unknown}.");
        }

        var identifier = form["patient.identifier"].FirstOrDefault() ?? string.Empty;
        var parts = identifier.Split('|');
        if (parts.Length != 2 || parts[0] != ReferralBundle.BsnSystem || parts[1].Length == 0)
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "patient.identifier", $"patient.identifier is {ReferralBundle.BsnSystem}|<BSN>.");
        }

        if (Count(form["_count"].FirstOrDefault()) is not { } count)
        {
            return BadCount();
        }

        var page = await platform.SendAsync<WorklistPage>(HttpMethod.Post, "/api/referrals/search",
            new { subjectBsn = parts[1], order = "recent", limit = count.ToString(CultureInfo.InvariantCulture) }, idempotencyKey: null, ct);
        if (!page.Ok)
        {
            return Relay(page, field => field == "subjectBsn" ? "patient.identifier" : field);
        }

        var referrals = await ReferralsAsync(page.Value!.Items, platform, ct);
        return Answer(Searchset(request, [.. referrals.Select(ReferralResources.ServiceRequestOf)]), StatusCodes.Status200OK);
    }

    /// <summary>
    /// The Tasks of the caller's referrals, newest change first: a clinician's (<c>owner</c> their organisation),
    /// a GP's or POH-GGZ's own; <c>_lastUpdated=gt…</c> keeps those changed after an instant.
    /// </summary>
    private static async Task<IResult> SearchTasksAsync(HttpRequest request, PlatformApi platform, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "owner", "_lastUpdated", "_count" };
        if (request.Query.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, unknown, $"Task search takes owner, _lastUpdated=gt… and _count, not {unknown}.");
        }

        DateTimeOffset? after = null;
        if (request.Query["_lastUpdated"].FirstOrDefault() is { } lastUpdated)
        {
            if (!lastUpdated.StartsWith("gt", StringComparison.Ordinal)
                || !DateTimeOffset.TryParse(lastUpdated[2..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Value, "_lastUpdated", "Use _lastUpdated=gt followed by an instant, e.g. gt2026-12-01T09:00:00Z.");
            }

            after = instant;
        }

        if (Count(request.Query["_count"].FirstOrDefault()) is not { } count)
        {
            return BadCount();
        }

        // owner=Organization?identifier=…|AGB or owner:identifier is not parsed apart: an owner other than the caller's organisation has no Tasks here.
        var owner = request.Query["owner"].FirstOrDefault();
        var page = await platform.GetAsync<WorklistPage>($"/api/referrals/?order=recent&limit={count}", ct);
        if (!page.Ok)
        {
            return Relay(page, f => f);
        }

        var referrals = await ReferralsAsync(page.Value!.Items.Where(i => owner is null || OwnedBy(i, owner)), platform, ct);
        // Newest change first: the first one at or before the instant ends the search.
        var tasks = referrals.TakeWhile(r => after is not { } instant || ReferralResources.LastChange(r) > instant).Select(ReferralResources.TaskOf);
        return Answer(Searchset(request, [.. tasks]), StatusCodes.Status200OK);
    }

    /// <summary>
    /// Each referral of a worklist page as the caller reads it, in the page's order, read a few at a time (the worklist
    /// carries no timeline); one the caller may no longer read (changed meanwhile) is left out.
    /// </summary>
    private static async Task<IReadOnlyList<FollowedReferral>> ReferralsAsync(IEnumerable<WorklistItem> items, PlatformApi platform, CancellationToken ct)
    {
        var ids = items.Select(i => i.Id).ToList();
        var read = new FollowedReferral?[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct }, async (i, token) =>
        {
            var referral = await platform.GetAsync<FollowedReferral>($"/api/referrals/{ids[i]}", token);
            read[i] = referral.Ok ? referral.Value : null;
        });
        return [.. read.OfType<FollowedReferral>()];
    }

    private static IResult BadCount() => Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Value, "_count", $"_count is 1 to {MaxSearch}.");

    /// <summary>The page size a search asks for: 20 when not given, null when not 1 to <see cref="MaxSearch"/>.</summary>
    private static int? Count(string? text) =>
        text is null ? 20 : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxSearch ? count : null;

    private static Bundle Searchset(HttpRequest request, List<Resource> found) => new()
    {
        Type = Bundle.BundleType.Searchset,
        Total = found.Count,
        Entry = found.Select(r => new Bundle.EntryComponent
        {
            FullUrl = $"{request.Scheme}://{request.Host}/fhir/{r.TypeName}/{r.Id}",
            Resource = r,
            Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
        }).ToList(),
    };

    private static bool OwnedBy(WorklistItem item, string owner)
    {
        var agb = owner.Split('|', '/').Last();
        return item.ReceiverAgb == agb;
    }

    private static async Task<(Resource? Resource, IResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is not { } type || !(type.StartsWith(FhirJson, StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Refuse(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, null, $"Send {FhirJson}."));
        }

        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        try
        {
            return (FhirJsonDeserializer.DEFAULT.DeserializeResource(json), null);
        }
        catch (DeserializationFailedException e)
        {
            return (null, Answer(e.ToOperationOutcome(), StatusCodes.Status400BadRequest));
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, Refuse(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, e.Path, "The body is not JSON: " + e.Message));
        }
    }

    /// <summary>The validator's errors (and fatal ones) stop a resource; warnings (a code that cannot be checked offline) do not.</summary>
    private static bool Counts(OperationOutcome.IssueComponent issue) =>
        issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal;

    /// <summary>The validator names elements from the resource's root (<c>Patient.identifier[0]</c>); inside the bundle they follow the entry.</summary>
    private static string Inner(string expression, string type) =>
        expression.StartsWith(type, StringComparison.Ordinal) ? expression[type.Length..] : "." + expression;

    private static IResult Relay<T>(PlatformAnswer<T> answer, Func<string, string> expressionOf)
    {
        if (answer.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests)
        {
            return Refuse(answer.Status, answer.Status == StatusCodes.Status429TooManyRequests ? OperationOutcome.IssueType.Throttled : OperationOutcome.IssueType.Forbidden,
                null, answer.Title ?? "Refused.");
        }

        if (answer.Errors.Count > 0)
        {
            return Answer(Outcome(answer.Errors.SelectMany(e => e.Value.Select(m => ((string?)expressionOf(e.Key), m)))),
                answer.Status is >= 400 and < 500 ? answer.Status : StatusCodes.Status502BadGateway);
        }

        return Refuse(answer.Status is >= 400 and < 500 ? answer.Status : StatusCodes.Status502BadGateway,
            OperationOutcome.IssueType.Processing, null, answer.Title ?? "The platform did not take it.");
    }

    private static IResult NotFound(string id) =>
        Refuse(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, null, $"No resource {id} for you.");

    private static IResult Refuse(int status, OperationOutcome.IssueType type, string? expression, string message)
    {
        var outcome = Outcome([(expression, message)]);
        outcome.Issue[0].Code = type;
        return Answer(outcome, status);
    }

    private static OperationOutcome Outcome(IEnumerable<(string? Expression, string Message)> issues, OperationOutcome.IssueSeverity severity = OperationOutcome.IssueSeverity.Error) => new()
    {
        Issue = issues.Select(i => new OperationOutcome.IssueComponent
        {
            Severity = severity,
            Code = severity == OperationOutcome.IssueSeverity.Information ? OperationOutcome.IssueType.Informational : OperationOutcome.IssueType.Invalid,
            Diagnostics = i.Message,
            Expression = i.Expression is null ? [] : [i.Expression],
        }).ToList(),
    };

    private static IResult Answer(Resource resource, int status) =>
        Results.Content(FhirJsonSerializer.Default.SerializeToString(resource), FhirJson, System.Text.Encoding.UTF8, status);
}
