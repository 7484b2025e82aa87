using System.Xml.Linq;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using FhirEdge.Api.Domain;
using FhirEdge.Api.Ijw;

namespace FhirEdge.Api.Endpoints;

/// <summary>
/// iJw 3.2 at <c>/ijw</c> (docs/ijw.md): the provider's JW315, JW305 and JW307 written from the
/// platform's assignment request; the municipality's JW301 and JW319 read into it, answered with
/// their retour (JW302, JW320). A message that is not well-formed or fails its schema changes
/// nothing and gets a 400 naming each line, as a chain's hub answers one (no retour).
/// </summary>
public static class IjwEndpoints
{
    public const string Xml = "application/xml";

    public static WebApplication MapIjw(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ijw = app.MapGroup("/ijw").RequireAuthorization();
        ijw.MapGet("/assignments/{id:guid}/jw315", (Guid id, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct) =>
            OutgoingAsync(id, "JW315", platform, schemas, time, ct));
        ijw.MapGet("/assignments/{id:guid}/jw305", (Guid id, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct) =>
            OutgoingAsync(id, "JW305", platform, schemas, time, ct));
        ijw.MapGet("/assignments/{id:guid}/jw307", (Guid id, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct) =>
            OutgoingAsync(id, "JW307", platform, schemas, time, ct));
        ijw.MapPost("/jw301", (HttpRequest request, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct) =>
            IncomingAsync(request, "JW301", platform, schemas, time, ct));
        ijw.MapPost("/jw319", (HttpRequest request, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct) =>
            IncomingAsync(request, "JW319", platform, schemas, time, ct));
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
            "JW315" => IjwMessages.Jw315(request, referral.Value!, id12, today),
            "JW305" when request.StartedOn is not null => IjwMessages.Jw305(request, referral.Value!.SubjectName, id12, today),
            "JW307" when request.StoppedOn is not null && request.StopReason is not null => IjwMessages.Jw307(request, referral.Value!.SubjectName, id12, today),
            _ => null,
        };
        return document is null
            ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"There is no {message} for this request yet: it is {request.Status}.")
            : Results.Text(schemas.Write(document), Xml, System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> IncomingAsync(HttpRequest request, string expected, PlatformApi platform, IjwSchemas schemas, TimeProvider time, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var (message, errors) = schemas.Read(await reader.ReadToEndAsync(ct));
        if (message is null)
        {
            return Results.ValidationProblem(errors.GroupBy(e => $"line {e.Line}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The message is not well-formed iJw 3.2 XML or fails its schema; nothing was changed.");
        }

        if (IjwMessages.NameOf(message) != expected)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["Bericht"] = [$"This address takes a {expected}."] }, title: "Another message than this address takes.");
        }

        // The sender is the caller's own municipality, or the message is not theirs to send.
        if (request.HttpContext.User.Claim(ClaimNames.Municipality) is not { } municipality || IjwMessages.Sender(message) != municipality)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"A {expected} is sent by the municipality named as its Afzender, with that municipality's token.");
        }

        var today = AmsterdamTime.Today(time);
        var (retour, codes) = expected == "JW301"
            ? ("JW302", await AssignAsync(message, platform, ct))
            : ("JW320", await AnswerAsync(message, platform, ct));
        var answer = IjwMessages.Retour(message, retour, IjwMessages.NewId(), today, codes.Count == 0 ? null : codes);
        return Results.Text(schemas.Write(answer), Xml, System.Text.Encoding.UTF8);
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
            var found = Guid.TryParse(product.Reference, out var id) ? await platform.GetAsync<AssignmentView>($"/api/funding/assignments/{id}", ct) : null;
            if (found is not { Ok: true })
            {
                codes[product.Element] = IjwMessages.UnknownRequest;
            }
            else if (found.Value!.Status is not ("requested" or "received"))
            {
                codes[product.Element] = IjwMessages.AlreadyAssigned;
            }
            else
            {
                requests.Add((product, id));
            }
        }

        if (codes.Count > 0)
        {
            return codes;
        }

        foreach (var (product, id) in requests)
        {
            var assigned = await platform.SendAsync<AssignmentView>(HttpMethod.Post, $"/api/funding/assignments/{id}/assignment", new { from = product.From, to = product.To }, null, ct);
            if (!assigned.Ok)
            {
                codes[product.Element] = IjwMessages.AlreadyAssigned;
            }
        }

        return codes;
    }

    /// <summary>Applies a JW319: a refusal with its reason, or the request under investigation (the woonplaatsbeginsel).</summary>
    private static async Task<Dictionary<XElement, string>> AnswerAsync(XDocument jw319, PlatformApi platform, CancellationToken ct)
    {
        var (element, reference, answer, reason) = IjwMessages.Answer(jw319);
        var found = Guid.TryParse(reference, out var id) ? await platform.GetAsync<AssignmentView>($"/api/funding/assignments/{id}", ct) : null;
        if (found is not { Ok: true } || found.Value!.Status is not ("requested" or "received"))
        {
            return new() { [element] = IjwMessages.UnknownAnswerReference };
        }

        var applied = answer == "1"
            ? await platform.SendAsync<AssignmentView>(HttpMethod.Post, $"/api/funding/assignments/{id}/rejection", new { reason }, null, ct)
            : await platform.SendAsync<AssignmentView>(HttpMethod.Post, $"/api/funding/assignments/{id}/receipt", new { investigatingResidence = true }, null, ct);
        return applied.Ok ? [] : new() { [element] = IjwMessages.UnknownAnswerReference };
    }
}
