using System.Xml.Linq;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using FhirEdge.Api.Domain;
using FhirEdge.Api.Ijw;

namespace FhirEdge.Api.Endpoints;

/// <summary>
/// iJw 3.2 at <c>/ijw</c> (docs/ijw.md): the provider's JW315, JW305 and JW307 written from the
/// platform's assignment request; the municipality's JW316, JW301 and JW319 read into it, the last two
/// answered with their retour (JW302, JW320). A message that fails its schema changes nothing and gets a 400:
/// its retour with code 0001 where its header can be read, else each line named, as a chain's hub answers one.
/// </summary>
public static class IjwEndpoints
{
    public const string Xml = "application/xml";

    /// <summary>The most pages of waiting requests read to find the JW315 a JW316 accepts.</summary>
    private const int MaxPages = 10;

    /// <summary>The retour that answers each message the edge takes; a JW316 is a retour itself and has none.</summary>
    private static readonly Dictionary<string, string> RetourOf = new(StringComparer.Ordinal) { ["JW301"] = "JW302", ["JW319"] = "JW320" };

    public static WebApplication MapIjw(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ijw = app.MapGroup("/ijw").RequireAuthorization();
        foreach (var message in (string[])["JW315", "JW305", "JW307"])
        {
            ijw.MapGet($"/assignments/{{id:guid}}/{message.ToLowerInvariant()}", (Guid id, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct) =>
                OutgoingAsync(id, message, platform, schemas, time, ct));
        }

        foreach (var message in (string[])["JW301", "JW319", "JW316"])
        {
            ijw.MapPost($"/{message.ToLowerInvariant()}", (HttpRequest request, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct) =>
                IncomingAsync(request, message, platform, schemas, time, ct));
        }

        return app;
    }

    /// <summary>A provider's message about its request <paramref name="id"/>, once the request is where the message belongs.</summary>
    private static async Task<IResult> OutgoingAsync(Guid id, string message, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct)
    {
        var found = await platform.GetAsync<AssignmentView>($"/api/funding/assignments/{id}", ct);
        if (!found.Ok)
        {
            return Results.Problem(statusCode: found.Status is 403 or 404 ? found.Status : StatusCodes.Status502BadGateway, title: found.Title ?? "No such assignment request.");
        }

        var request = found.Value!;
        // The name is the referral's: the funding route keeps none. The provider that accepted the referral reads it.
        var referral = await platform.GetAsync<FollowedReferral>($"/api/referrals/{request.ReferralId}", ct);
        if (!referral.Ok)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The referral of this request is not yours to read.");
        }

        var today = AmsterdamTime.Today(time);
        var id12 = IjwMessages.NewId();
        XDocument? document = message switch
        {
            "JW315" when request.Status == "requested" => IjwMessages.Jw315(request, referral.Value!, IjwMessages.Jw315Id(request), today),
            "JW305" when request.StartedOn is not null => IjwMessages.Jw305(request, referral.Value!.SubjectName, id12, today),
            "JW307" when request.StoppedOn is not null && request.StopReason is not null => IjwMessages.Jw307(request, referral.Value!.SubjectName, id12, today),
            _ => null,
        };
        return document is null
            ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"There is no {message} for this request now: it is {request.Status}.")
            : Results.Text(schemas.Write(document), Xml, System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> IncomingAsync(HttpRequest request, string expected, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        var (message, errors) = schemas.Read(text);
        if (message is null)
        {
            // A message that fails its schema but whose header can be read is refused as a whole by its retour (0001);
            // one that is not well-formed XML, has a DTD, or has no header it can be answered on (a retour has none) gets the lines.
            return TechnicalRetour(text, expected, errors, request, schemas, time) is { } retour
                ? Results.Text(retour, Xml, System.Text.Encoding.UTF8, StatusCodes.Status400BadRequest)
                : Results.ValidationProblem(errors.GroupBy(e => $"line {e.Line}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                    title: "The message is not well-formed iJw 3.2 XML or fails its schema; nothing was changed.");
        }

        if (IjwMessages.NameOf(message) != expected)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["Bericht"] = [$"This address takes a {expected}."] }, title: "Another message than this address takes.");
        }

        // The message is the caller's own municipality's: the Afzender of a JW301 or JW319, the Ontvanger of the JW315 a JW316 returns.
        var (party, role) = expected == "JW316" ? (IjwMessages.Receiver(message), "Ontvanger") : (IjwMessages.Sender(message), "Afzender");
        if (request.HttpContext.User.Claim(ClaimNames.Municipality) is not { } municipality || party != municipality)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"A {expected} is sent by the municipality named as its {role}, with that municipality's token.");
        }

        if (expected == "JW316")
        {
            return await ReceiptAsync(message, platform, ct);
        }

        var today = AmsterdamTime.Today(time);
        Dictionary<XElement, string> codes;
        if (expected == "JW301")
        {
            codes = await AssignAsync(message, platform, ct);
        }
        else
        {
            var (answered, refused) = await AnswerAsync(message, platform, ct);
            if (refused is not null)
            {
                return refused;
            }

            codes = answered;
        }

        var answer = IjwMessages.Retour(message, RetourOf[expected], IjwMessages.NewId(), today, codes.Count == 0 ? null : codes);
        return Results.Text(schemas.Write(answer), Xml, System.Text.Encoding.UTF8);
    }

    /// <summary>
    /// The retour of a JW301 or JW319 its schema refuses, when its header can be read and names the caller's municipality
    /// as its sender: that header with retour code 0001 (rejected for technical reasons), each schema error a comment
    /// before it. Null when there is no such header, or the retour made of it fails its own schema.
    /// </summary>
    private static string? TechnicalRetour(string text, string expected, IReadOnlyList<SchemaError> errors, HttpRequest request, IjwSchemas schemas, TimeProvider time)
    {
        if (!RetourOf.TryGetValue(expected, out var retourOf) || IjwSchemas.Parse(text) is not { Root: { } root } message || root.Name.Namespace != IjwSchemas.Of(expected)
            || root.Element(root.Name.Namespace + "Header")?.Element(root.Name.Namespace + "Afzender")?.Value is not { } sender
            || request.HttpContext.User.Claim(ClaimNames.Municipality) != sender)
        {
            return null;
        }

        var retour = IjwMessages.Retour(message, retourOf, IjwMessages.NewId(), AmsterdamTime.Today(time), headerCode: IjwMessages.TechnicallyRejected);
        retour.Root!.AddBeforeSelf(errors.Select(e => new XComment($" line {e.Line}, column {e.Column}: {e.Message.Replace("--", "- -", StringComparison.Ordinal)} ")));
        return schemas.TryWrite(retour);
    }

    /// <summary>
    /// Applies a JW316 to the request of the JW315 it returns: with no retour code but 0200 the request is received;
    /// with another, it goes back to the provider with those codes, to correct and send again. A JW316 gets no retour
    /// of its own: the answer says what became of each request. Every request is checked before any is changed.
    /// </summary>
    private static async Task<IResult> ReceiptAsync(XDocument jw316, PlatformApi platform, CancellationToken ct)
    {
        var (jw315Id, references, codes) = IjwMessages.Returned(jw316);
        var requests = new List<AssignmentView>();
        foreach (var reference in references)
        {
            if (await RequestOfAsync(reference, platform, ct) is not { } found)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["ReferentieAanbieder"] = [$"{reference} names no request made to you."] },
                    title: "The JW316 returns a request that is not yours; nothing was changed.", statusCode: StatusCodes.Status404NotFound);
            }

            requests.Add(found);
        }

        // Accepted with the header alone: the JW315 is found by its id among the requests waiting for a JW316.
        if (references.Count == 0 && await WaitingForAsync(jw315Id, platform, ct) is { } waiting)
        {
            requests.Add(waiting);
        }

        if (requests.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No request made to you is waiting for the JW316 of JW315 {jw315Id}; nothing was changed.");
        }

        if (requests.FirstOrDefault(r => r.Status != "requested") is { } answered)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Request {answered.Id} is {answered.Status}: it takes no JW316; nothing was changed.");
        }

        var returned = codes.Where(c => c != IjwMessages.NoRemark).Distinct(StringComparer.Ordinal).ToList();
        var applied = new List<object>();
        foreach (var open in requests)
        {
            var step = returned.Count == 0
                ? await StepAsync(open.Id, "receipt", new { investigatingResidence = false }, platform, ct)
                : await StepAsync(open.Id, "return", new { codes = returned }, platform, ct);
            if (!step.Ok)
            {
                return Results.Problem(statusCode: step.Status is >= 400 and < 500 ? step.Status : StatusCodes.Status502BadGateway,
                    title: $"Request {open.Id} did not take the JW316: {step.Title}");
            }

            applied.Add(new { id = open.Id, status = step.Value!.Status });
        }

        return Results.Ok(new { requests = applied, retourCodes = returned });
    }

    /// <summary>The caller's request, waiting for its JW316, whose JW315 has <paramref name="jw315Id"/>; null when none.</summary>
    private static async Task<AssignmentView?> WaitingForAsync(string jw315Id, PlatformApi platform, CancellationToken ct)
    {
        // Only the requests still waiting for a receipt are read: three working days of a municipality's requests.
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var found = await platform.GetAsync<AssignmentPage>(
                $"/api/funding/assignments?status=requested&limit=100{(cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))}", ct);
            if (!found.Ok)
            {
                return null;
            }

            if (found.Value!.Items.FirstOrDefault(r => IjwMessages.Jw315Id(r) == jw315Id) is { } request)
            {
                return request;
            }

            if ((cursor = found.Value.NextCursor) is null)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Applies a JW301's products once every product names an open request: the codes of what stops it (none: every
    /// product assigned). Each product is one call to the funding route, so a product refused between the check and
    /// its call (a request answered meanwhile) is coded while the ones before it stay assigned.
    /// </summary>
    private static async Task<Dictionary<XElement, string>> AssignAsync(XDocument jw301, PlatformApi platform, CancellationToken ct)
    {
        var products = IjwMessages.AssignedProducts(jw301);
        var codes = new Dictionary<XElement, string>();
        var requests = new List<(AssignedProduct Product, Guid Id)>();
        foreach (var product in products)
        {
            var found = await RequestOfAsync(product.Reference, platform, ct);
            if (found is null)
            {
                codes[product.Element] = IjwMessages.UnknownRequest;
            }
            else if (found.Status is not ("requested" or "received"))
            {
                codes[product.Element] = IjwMessages.AlreadyAssigned;
            }
            else
            {
                requests.Add((product, found.Id));
            }
        }

        if (codes.Count > 0)
        {
            return codes;
        }

        foreach (var (product, id) in requests)
        {
            var assigned = await StepAsync(id, "assignment", new { from = product.From, to = product.To }, platform, ct);
            if (!assigned.Ok)
            {
                codes[product.Element] = IjwMessages.AlreadyAssigned;
            }
        }

        return codes;
    }

    /// <summary>
    /// Applies a JW319: a refusal with its reason, or the request under investigation (the woonplaatsbeginsel). The code of
    /// what stops it (none: applied): 9355 for no open request, 9359 for one already assigned, 9365 for one already refused,
    /// 9360 for a second "in onderzoek". A reason the platform does not take for a request is a 400 naming it, as the funding
    /// route service words it: no retour code says that.
    /// </summary>
    private static async Task<(Dictionary<XElement, string> Codes, IResult? Refused)> AnswerAsync(XDocument jw319, PlatformApi platform, CancellationToken ct)
    {
        var (element, reference, answer, reason) = IjwMessages.Answer(jw319);
        var found = await RequestOfAsync(reference, platform, ct);
        var code = found is null ? IjwMessages.UnknownAnswerReference : found.Status switch
        {
            "requested" => null,
            "received" when answer == "2" && found.InvestigatingResidence => IjwMessages.AlreadyInvestigating,
            "received" => null,
            "assigned" or "started" or "stopped" => IjwMessages.AlreadyAssigned,
            "rejected" => IjwMessages.AlreadyAnswered,
            _ => IjwMessages.UnknownAnswerReference,
        };
        if (code is not null)
        {
            return (new() { [element] = code }, null);
        }

        var applied = answer == "1"
            ? await StepAsync(found!.Id, "rejection", new { reason }, platform, ct)
            : await StepAsync(found!.Id, "receipt", new { investigatingResidence = true }, platform, ct);
        if (applied.Errors.TryGetValue("reason", out var why))
        {
            return ([], Results.ValidationProblem(new Dictionary<string, string[]> { ["RedenAfwijzingVerzoek"] = why },
                title: "The JW319's reason is not one the platform takes for a request; nothing was changed."));
        }

        // Refused otherwise: the request was answered between the read and the step.
        return (applied.Ok ? [] : new() { [element] = IjwMessages.AlreadyAnswered }, null);
    }

    /// <summary>The assignment request a message's <c>ReferentieAanbieder</c> names, as the caller may read it; null when it names none of theirs.</summary>
    private static async Task<AssignmentView?> RequestOfAsync(string? reference, PlatformApi platform, CancellationToken ct)
    {
        if (!Guid.TryParse(reference, out var id))
        {
            return null;
        }

        var found = await platform.GetAsync<AssignmentView>($"/api/funding/assignments/{id}", ct);
        return found.Ok ? found.Value : null;
    }

    /// <summary>A step of the funding route's assignment lifecycle on request <paramref name="id"/>, taken as the caller.</summary>
    private static Task<PlatformAnswer<AssignmentView>> StepAsync(Guid id, string step, object body, PlatformApi platform, CancellationToken ct) =>
        platform.SendAsync<AssignmentView>(HttpMethod.Post, $"/api/funding/assignments/{id}/{step}", body, idempotencyKey: null, ct);
}
