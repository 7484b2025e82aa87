using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Api.Tests;

/// <summary>
/// The access matrix as one table (issue 19). The contract walk builds the De Vries family's world and
/// calls every operation; right after an operation first succeeds, the same request goes through the
/// gateway again as each caller who must not reach that object: another practice's GP and POH, a
/// youth and an adult clinician of other organisations, a district nurse off the care team, another
/// municipality and insurer, and a client outside the family. Each gets 404 (403 where its role may
/// never call the operation, at the gateway or the service), or for a list only its own rows; no
/// field of the object is in the answer; and where the service logs refusals, a denied NEN 7513
/// entry names the caller. An operation of the documents without a row fails the test.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class AccessMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How an operation treats a caller who must not reach its object.</summary>
    private enum Kind
    {
        /// <summary>The object is refused: 404, or 403 for a role that may never call the operation.</summary>
        Object,

        /// <summary>A list or query scoped to the caller: 200 with nothing of the object.</summary>
        Scoped,

        /// <summary>Holds no client's data (a directory, figures, one's own calendar): not in the matrix, with the reason.</summary>
        NoClientData,
    }

    /// <summary>One row of the table.</summary>
    /// <param name="Kind">How the operation treats a caller who must not reach its object.</param>
    /// <param name="Statuses">The status per caller where it differs from what the kind and the gateway's policy say.</param>
    /// <param name="LogsDenied">A refusal writes a denied NEN 7513 entry naming the caller.</param>
    /// <param name="Reason">Why the row is as it is, where it is not obvious.</param>
    /// <param name="BreaksTheGlass">The operation opens a client's data on the caller's own stated reason (emergency access); its answer echoes that statement.</param>
    private sealed record Row(Kind Kind, IReadOnlyDictionary<string, int>? Statuses = null, bool LogsDenied = false, string? Reason = null, bool BreaksTheGlass = false);

    private sealed record Outsider(string Label, string Role, string Token);

    private static readonly Outsider[] Outsiders =
    [
        new("another GP", Roles.Gp, Tokens.Gp("01099999")),
        new("another practice's POH", Roles.Poh, Tokens.Poh("01099999")),
        new("a youth clinician of another organisation", Roles.Clinician, Tokens.Clinician("youth", "94012399", "73730009")),
        new("an adult clinician of another organisation", Roles.Clinician, Tokens.Clinician("adult", "94000099", "73730099")),
        new("a district nurse off the care team", Roles.DistrictNurse, Tokens.Create(Roles.DistrictNurse, new Dictionary<string, string>
        {
            [ClaimNames.Subject] = "district-nurse-94080001", [ClaimNames.Agb] = "94080001", [ClaimNames.Org] = "73730008",
        })),
        new("another municipality", Roles.Municipality, Tokens.Municipality("0363")),
        new("another insurer", Roles.Insurer, Tokens.Insurer("7029")),
        new("a client outside the family", Roles.Client, Tokens.Client("999990019")),
    ];

    private static Dictionary<string, int> Forbidden(params string[] labels) => labels.ToDictionary(l => l, _ => 403);

    private static readonly string[] NotGpOrPoh =
        ["a youth clinician of another organisation", "an adult clinician of another organisation", "a district nurse off the care team", "a client outside the family"];

    private static readonly string[] NotReferralParty = ["a district nurse off the care team"];

    private static readonly string[] Professionals =
    [
        "another GP", "another practice's POH", "a youth clinician of another organisation", "an adult clinician of another organisation", "a district nurse off the care team",
    ];

    private static readonly string[] NoAssignments = ["another GP", "another practice's POH", "another insurer", "a client outside the family"];

    private static Dictionary<string, int> With(Dictionary<string, int> statuses, string label, int status)
    {
        statuses[label] = status;
        return statuses;
    }

    /// <summary>Every operation of the five documents.</summary>
    private static readonly Dictionary<string, Row> Rows = new()
    {
        // Referral.
        ["POST /api/referrals"] = new(Kind.Object, Forbidden([.. Outsiders.Select(o => o.Label)]), Reason: "one refers under one's own AGB only"),
        ["GET /api/referrals/{id}"] = new(Kind.Object, LogsDenied: true),
        ["GET /api/referrals"] = new(Kind.Scoped, Forbidden(NotReferralParty)),
        ["POST /api/referrals/search"] = new(Kind.Scoped, Forbidden(NotReferralParty)),
        ["GET /api/referrals/pool"] = new(Kind.NoClientData, Reason: "no identities until claimed"),
        // A youth clinician of any organisation works from the same regional pool: for them the claimed referral is one they lost.
        ["POST /api/referrals/{id}/claim"] = new(Kind.Object, new Dictionary<string, int> { ["a youth clinician of another organisation"] = 409 }),
        ["GET /api/referrals/updates"] = new(Kind.Scoped, Forbidden(NotGpOrPoh)),
        ["GET /api/referrals/norm-figures"] = new(Kind.NoClientData, Reason: "an organisation's waiting-time figures"),
        ["POST /api/referrals/{id}/triage"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        ["POST /api/referrals/{id}/accept"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        ["POST /api/referrals/{id}/reject"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        // The walk redirects to the other youth organisation, which is then the receiver: its If-Match is stale.
        ["POST /api/referrals/{id}/redirect"] = new(Kind.Object, With(Forbidden(NotReferralParty), "a youth clinician of another organisation", 412), LogsDenied: true),
        ["POST /api/referrals/{id}/schedule-intake"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        ["POST /api/referrals/{id}/start-treatment"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        ["POST /api/referrals/{id}/close"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        ["POST /api/referrals/{id}/cancel"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        ["POST /api/referrals/{id}/supplement"] = new(Kind.Object, Forbidden(NotReferralParty), LogsDenied: true),
        ["GET /api/referrals/{id}/letter.pdf"] = new(Kind.Object, LogsDenied: true),
        ["GET /api/referrals/{id}/summary.pdf"] = new(Kind.Object, LogsDenied: true),
        ["GET /api/directory"] = new(Kind.NoClientData, Reason: "the professional directory"),

        // Consent.
        // Only a client declares; someone unknown or unrelated is refused alike (422 not-a-declarant), so no member's existence shows.
        ["POST /api/consents"] = new(Kind.Object, With(Forbidden(Professionals), "a client outside the family", 422)),
        ["GET /api/consents/{id}"] = new(Kind.Object, LogsDenied: true),
        ["POST /api/consents/{id}/withdraw"] = new(Kind.Object),
        // A professional sees the decisions that name them, here none; another client's member does not exist.
        ["GET /api/consents"] = new(Kind.Object, Professionals.ToDictionary(p => p, _ => 200)),
        ["GET /api/consents/access-log"] = new(Kind.Object, Forbidden(Professionals)),
        ["GET /api/consents/subjects"] = new(Kind.Scoped, Forbidden(Professionals)),
        ["POST /api/consents/emergency-access"] = new(Kind.Object,
            new Dictionary<string, int>
            {
                ["another GP"] = 201, ["another practice's POH"] = 201, ["a youth clinician of another organisation"] = 201, ["an adult clinician of another organisation"] = 201,
                ["a district nurse off the care team"] = 403, ["a client outside the family"] = 403,
            },
            Reason: "breaking the glass: a GP, POH or clinician without a relationship (a crisis service tonight) may open a member for at most 72 hours, "
                + "stating why; the client sees it flagged in the access log (EndToEnd.Tests AccessLogTests, ConsentEnforcementTests)", BreaksTheGlass: true),
        ["GET /api/consents/emergency-access/{id}"] = new(Kind.Object),
        ["GET /api/consents/child-protection-measures/{id}"] = new(Kind.Object),
        ["POST /api/consents/child-protection-measures"] = new(Kind.Object, Forbidden([.. Outsiders.Select(o => o.Label)])),

        // Family plan.
        ["GET /api/families"] = new(Kind.Scoped, Forbidden("a client outside the family")),
        ["GET /api/families/{id}/plan"] = new(Kind.Object, LogsDenied: true),
        ["POST /api/families/{familyId}/tasks/{taskId}/complete"] = new(Kind.Object),
        ["POST /api/families/{familyId}/tasks/{taskId}/meldcode/{step}"] = new(Kind.Object),
        ["GET /api/families/{id}/team"] = new(Kind.Object),
        ["POST /api/families/{id}/team/invitations"] = new(Kind.Object),
        ["POST /api/families/{id}/team/invitations/{userId}/accept"] = new(Kind.Object),
        ["POST /api/families/{id}/team/invitations/{userId}/decline"] = new(Kind.Object),
        ["POST /api/families/{id}/team/members/{userId}/leave"] = new(Kind.Object),
        ["POST /api/families/{id}/coordinator"] = new(Kind.Object),
        ["GET /api/families/outcome-instruments"] = new(Kind.NoClientData, Reason: "the list of outcome instruments"),
        ["POST /api/families/{familyId}/outcomes"] = new(Kind.Object),
        ["POST /api/families/{familyId}/goals"] = new(Kind.Object),
        ["PATCH /api/families/{familyId}/goals/{goalId}"] = new(Kind.Object),
        ["POST /api/families/{familyId}/relatives"] = new(Kind.Object),
        ["POST /api/families/{familyId}/interventions"] = new(Kind.Object),
        ["PATCH /api/families/{familyId}/interventions/{interventionId}"] = new(Kind.Object),
        ["POST /api/families/{familyId}/actions"] = new(Kind.Object),
        ["PATCH /api/families/{familyId}/actions/{actionId}"] = new(Kind.Object),
        ["POST /api/families/{familyId}/evaluations"] = new(Kind.Object),
        ["POST /api/families/{familyId}/closure"] = new(Kind.Object),
        ["GET /api/families/{id}/history"] = new(Kind.Object, Forbidden("a client outside the family")),

        // MDO scheduling.
        ["GET /api/mdos/calendar"] = new(Kind.NoClientData, Reason: "the caller's own calendar"),
        ["PUT /api/mdos/calendar/hours"] = new(Kind.NoClientData, Reason: "the caller's own working hours"),
        ["POST /api/mdos/calendar/busy"] = new(Kind.NoClientData, Reason: "the caller's own busy time"),
        ["DELETE /api/mdos/calendar/busy/{busyId}"] = new(Kind.NoClientData, Reason: "the caller's own busy time"),
        ["PUT /api/mdos/calendar/upload"] = new(Kind.NoClientData, Reason: "the caller's own calendar file"),
        ["POST /api/mdos/search"] = new(Kind.Object, Forbidden("a client outside the family")),
        ["POST /api/mdos"] = new(Kind.Object, Forbidden("a client outside the family")),
        ["GET /api/mdos"] = new(Kind.Scoped),
        ["GET /api/mdos/{id}"] = new(Kind.Object),
        ["GET /api/mdos/{id}/invitation.ics"] = new(Kind.Object),
        ["POST /api/mdos/{id}/answer"] = new(Kind.Object),
        ["POST /api/mdos/{id}/reschedule"] = new(Kind.Object),
        ["POST /api/mdos/{id}/cancel"] = new(Kind.Object),
        ["POST /api/mdos/{id}/outcome"] = new(Kind.Object),

        // Funding route.
        ["POST /api/funding/evaluate"] = new(Kind.NoClientData, Reason: "a what-if question about a kind of help, for no client"),
        ["GET /api/funding/cost-benefit"] = new(Kind.NoClientData, Reason: "figures without clients"),
        ["POST /api/funding/assignments"] = new(Kind.Object, Forbidden("another GP", "another practice's POH", "another municipality", "another insurer", "a client outside the family")),
        ["GET /api/funding/assignments"] = new(Kind.Scoped, Forbidden(NoAssignments)),
        ["GET /api/funding/assignments/{id}"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["POST /api/funding/assignments/{id}/receipt"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["POST /api/funding/assignments/{id}/return"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["POST /api/funding/assignments/{id}/resend"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["POST /api/funding/assignments/{id}/assignment"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["POST /api/funding/assignments/{id}/rejection"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["POST /api/funding/assignments/{id}/start"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["POST /api/funding/assignments/{id}/stop"] = new(Kind.Object, Forbidden(NoAssignments)),
        ["GET /api/funding-routes"] = new(Kind.Scoped),
        ["GET /api/funding-routes/{referralId}"] = new(Kind.Object),
        ["GET /api/funding-routes/interventions"] = new(Kind.Scoped),
        ["GET /api/funding-routes/interventions/{interventionId}"] = new(Kind.Object),
        ["GET /api/funding-routes/cost-benefit"] = new(Kind.Scoped),
    };

    private readonly PlatformFixture _fixture = new();
    private readonly List<string> _failures = [];
    private readonly List<string> _covered = [];
    private int _insiderCalls;

    /// <summary>Anne's sister, 14: a young person in the household, not a parent.</summary>
    private static readonly Person Noa = new("999900262", "Noa Bakker", new(2012, 2, 14));

    /// <summary>
    /// Inside a family: a parent without custody (Joost, for Anne, 9), a young person (Noa, 14, for her
    /// sister Anne) and a parent of a child over 16 (Ruud, for Zoë, 19) reach none of the other's
    /// consents, consent list or access log, may not declare or withdraw for them (the rule named),
    /// and read the plan without the other's part.
    /// </summary>
    private async Task FamilyInsidersAsync()
    {
        var platform = _fixture.Platform;
        using var gp = platform.Gateway.Client(Tokens.Gp());
        var bakker = await Referrals.SubmitAsync(gp, Families.Youth(Families.Anne, "0344", "Anxious at school.",
            Families.AnnesMother.As("parent", custody: true), Families.AnnesFather.As("parent", custody: false), Noa.As("sibling")));
        var janssen = await Referrals.SubmitAsync(gp, Families.Adult(Families.Zoe, "0935", "3311", ("F41.1", "Generalised anxiety disorder"), "Worried all day.",
            household: [Families.FilipsFather.As("parent", custody: true)]));
        using var femke = platform.Gateway.Client(Tokens.Client(Families.AnnesMother.Bsn));
        using var zoe = platform.Gateway.Client(Tokens.Client(Families.Zoe.Bsn));
        var anne = await Consents.MemberIdAsync(femke, Families.Anne);
        var zoeId = await Consents.MemberIdAsync(zoe, Families.Zoe);
        var annes = (await Consents.ShareWithCareTeamAsync(femke, anne, bakker, System.Net.HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var zoes = (await Consents.ShareWithCareTeamAsync(zoe, zoeId, janssen, System.Net.HttpStatusCode.Created))["id"]!.GetValue<Guid>();

        var rows = new (string Caller, string Token, Guid Member, Guid Consent, Guid Family, Person Of, int Declare, int Withdraw)[]
        {
            ("a parent without custody", Tokens.Client(Families.AnnesFather.Bsn), anne, annes, bakker, Families.Anne, 422, 422),
            ("a young person (her sister)", Tokens.Client(Noa.Bsn), anne, annes, bakker, Families.Anne, 422, 404),
            ("a parent of a child over 16", Tokens.Client(Families.FilipsFather.Bsn), zoeId, zoes, janssen, Families.Zoe, 422, 422),
        };
        foreach (var (caller, token, member, consent, family, of, declare, withdraw) in rows)
        {
            using var client = platform.Gateway.Client(token);
            string[] secrets = [of.Bsn, of.Name];
            Task ExpectAsync(string what, HttpRequestMessage request, int expected)
            {
                _insiderCalls++;
                return SendAsync(client, request, $"{what} as {caller}", expected, secrets);
            }

            await ExpectAsync("GET /api/consents/{id}", new(HttpMethod.Get, $"/api/consents/{consent}"), 404);
            await ExpectAsync("GET /api/consents", new(HttpMethod.Get, $"/api/consents?subject={member}"), 404);
            await ExpectAsync("GET /api/consents/access-log", new(HttpMethod.Get, $"/api/consents/access-log?subject={member}"), 404);
            await ExpectAsync("POST /api/consents", new(HttpMethod.Post, "/api/consents")
            {
                Content = JsonContent.Create(Consents.Body(member, "family-care-team", "care-team", family.ToString())),
            }, declare);
            await ExpectAsync("POST /api/consents/{id}/withdraw", new(HttpMethod.Post, $"/api/consents/{consent}/withdraw") { Content = JsonContent.Create(new { reason = "Not mine to keep." }) }, withdraw);

            using var plan = await client.GetAsync($"/api/families/{family}/plan");
            _insiderCalls++;
            var read = await plan.Content.ReadAsStringAsync();
            if (plan.StatusCode == System.Net.HttpStatusCode.OK ? Plans.Shows(JsonNode.Parse(read)!, of.Name) || read.Contains(of.Bsn, StringComparison.Ordinal) : plan.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                _failures.Add($"GET /api/families/{{id}}/plan as {caller}: {(int)plan.StatusCode} showing {of.Name}'s part: {Shorten(read)}");
            }
        }

        // Nothing was declared or withdrawn by them: the two consents stand, and there are no others yet.
        var consents = platform.Databases.For(Platform.Consent);
        Assert.Equal((2, 0), (await DbCounts.CountAsync(consents, "consents"), await DbCounts.CountAsync(consents, "consents", "withdrawn_at IS NOT NULL")));
    }

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [SkippableFact]
    public async Task Every_operation_on_client_data_refuses_every_caller_who_must_not_reach_the_object()
    {
        var check = await ContractCheck.CreateAsync(_fixture.Platform);
        var operations = check.Services.Values.SelectMany(s => s.Operations()).Select(Normalise).ToHashSet();
        Assert.True(operations.SetEquals(Rows.Keys),
            "Operations without a row: " + string.Join(", ", operations.Except(Rows.Keys)) + "; rows without an operation: " + string.Join(", ", Rows.Keys.Except(operations)));

        await FamilyInsidersAsync();
        check.OnFirstSuccess = ProbeAsync;
        await new ContractTests(_fixture).WalkEveryOperationAsync(check);

        var unreached = Rows.Where(r => r.Value.Kind != Kind.NoClientData).Select(r => r.Key).Except(_covered).ToList();
        if (unreached.Count > 0)
        {
            _failures.Add("Operations the walk never reached: " + string.Join(", ", unreached));
        }

        BadInputTests.Report(output, $"access matrix: {_covered.Count} operations × {Outsiders.Length} callers, and {_insiderCalls} calls of family members; not client data: "
            + string.Join("; ", Rows.Where(r => r.Value.Kind == Kind.NoClientData).Select(r => $"{r.Key} ({r.Value.Reason})"))
            + "; by design: " + string.Join("; ", Rows.Where(r => r.Value.BreaksTheGlass).Select(r => $"{r.Key} ({r.Value.Reason})")));
        Assert.True(_failures.Count == 0, string.Join("\n", _failures));
    }

    /// <summary>
    /// Sends <paramref name="request"/>, which just succeeded, as every outsider. Through the gateway,
    /// or straight to <paramref name="via"/>, a service the walk restarted on a later day, as the
    /// callers the gateway lets through to it.
    /// </summary>
    private async Task ProbeAsync(string operation, SentRequest request, string answer, RunningHost? via)
    {
        var row = Rows[Normalise(operation)];
        if (row.Kind == Kind.NoClientData)
        {
            return;
        }

        _covered.Add(Normalise(operation));
        var secrets = Secrets(answer, request.Path);
        var service = ServiceOf(request.Path);
        foreach (var outsider in Outsiders)
        {
            var gatewayAllows = GatewayAllows(outsider.Role, request.Path);
            if (via is not null && !gatewayAllows)
            {
                continue;
            }

            var expected = !gatewayAllows ? 403
                : row.Statuses is not null && row.Statuses.TryGetValue(outsider.Label, out var own) ? own
                : row.Kind == Kind.Scoped ? 200 : 404;
            var subject = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(outsider.Token).Subject;
            var deniedBefore = await DeniedAsync(service, subject);
            using var client = (via ?? _fixture.Platform.Gateway).Client(outsider.Token);
            await SendAsync(client, request.ToMessage(withoutIdempotencyKey: true), $"{operation} as {outsider.Label}", expected, row.BreaksTheGlass ? [] : secrets);

            if (row.LogsDenied && gatewayAllows && expected == 404 && await DeniedAsync(service, subject) <= deniedBefore)
            {
                _failures.Add($"{operation} as {outsider.Label}: no denied NEN 7513 entry");
            }
        }
    }

    /// <summary>Sends <paramref name="request"/>; records a status other than <paramref name="expected"/> and any of <paramref name="secrets"/> in the answer.</summary>
    private async Task SendAsync(HttpClient client, HttpRequestMessage request, string what, int expected, IEnumerable<string> secrets)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode != expected)
            {
                _failures.Add($"{what}: {(int)response.StatusCode}, expected {expected}: {Shorten(body)}");
            }

            foreach (var secret in secrets.Where(secret => body.Contains(secret, StringComparison.Ordinal)))
            {
                _failures.Add($"{what}: the answer holds '{secret}' of the object");
            }
        }
    }

    /// <summary>The object's identifying values in a successful answer: BSNs, names, free text, ids other than those in the path.</summary>
    private static List<string> Secrets(string answer, string path)
    {
        var secrets = new List<string>();
        if (!answer.TrimStart().StartsWith('{') && !answer.TrimStart().StartsWith('['))
        {
            return secrets;
        }

        void Walk(JsonNode? node, string? key)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o)
                    {
                        Walk(v, k);
                    }

                    break;
                case JsonArray a:
                    foreach (var v in a)
                    {
                        Walk(v, key);
                    }

                    break;
                case JsonValue v when v.TryGetValue<string>(out var text):
                    var identifying = Bsn().IsMatch(text)
                        || (key is "name" or "reason" or "summary" or "purpose" or "title" or "description" or "note" or "text" && text.Length >= 4)
                        || (Guid.TryParse(text, out _) && !path.Contains(text, StringComparison.OrdinalIgnoreCase));
                    if (identifying)
                    {
                        secrets.Add(text);
                    }

                    break;
            }
        }

        Walk(JsonNode.Parse(answer), null);
        return secrets.Distinct().ToList();
    }

    /// <summary>
    /// The gateway's API routes as <c>gateway.json</c> declares them: path prefix, authorization policy, and the service (cluster) behind it.
    /// The portal's route (every other path, signed in by its own cookie) has no role policy and no operation.
    /// </summary>
    private static readonly (string Prefix, string Policy, string Service)[] Routes =
        [.. new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "gateway.json")).Build()
            .GetSection("ReverseProxy:Routes").GetChildren()
            .Where(r => Coordination.Gateway.GatewayPolicies.RolesByPolicy.ContainsKey(r["AuthorizationPolicy"]!))
            .Select(r => (r["Match:Path"]!.Replace("/{**rest}", string.Empty, StringComparison.Ordinal), r["AuthorizationPolicy"]!, r["ClusterId"]!))];

    private static (string Prefix, string Policy, string Service) RouteOf(string path)
    {
        var plain = path.Split('?')[0];
        return Routes.Single(r => plain == r.Prefix || plain.StartsWith(r.Prefix + "/", StringComparison.Ordinal));
    }

    private static bool GatewayAllows(string role, string path) =>
        Coordination.Gateway.GatewayPolicies.RolesByPolicy[RouteOf(path).Policy].Contains(role);

    private static string ServiceOf(string path) => RouteOf(path).Service;

    private async Task<long> DeniedAsync(string service, string? subject)
    {
        await using var connection = await _fixture.Platform.Databases.For(service).OpenAsync();
        return await connection.ExecuteScalarAsync<long>(DeniedSql, new { UserId = subject });
    }

    private const string DeniedSql = "SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND user_id = @UserId";

    private static string Normalise(string operation) => operation.TrimEnd('/');

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;

    [GeneratedRegex(@"^\d{9}$")]
    private static partial Regex Bsn();
}
