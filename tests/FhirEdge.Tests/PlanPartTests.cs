using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Hl7.Fhir.Model;
using static Coordination.Testing.Families;

namespace FhirEdge.Tests;

/// <summary>
/// Issue 25: a family plan's goals, outcome measurements and MDOs read as FHIR Goal, Observation and
/// Appointment, each hidden from a clinician exactly as the plan hides it: Sandra's goal and PHQ-9 reach
/// Daan's youth clinician only while her consent to share with the care team stands; the MDO the POH
/// booked with that clinician is an Appointment both read, and an activity of the CarePlan.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PlanPartTests(FhirFixture fixture) : IClassFixture<FhirFixture>
{
    private const string PohId = "poh-01012345";
    private const string YouthClinicianId = "clinician-94012345";

    [SkippableFact]
    public async System.Threading.Tasks.Task Goals_outcomes_and_MDOs_are_hidden_exactly_as_the_plan_hides_them_before_with_and_after_a_consent()
    {
        using var gp = fixture.Platform.Gateway.Client(Tokens.Gp());
        using var poh = fixture.Platform.Gateway.Client(Tokens.Poh());
        using var youth = fixture.Platform.Gateway.Client(Tokens.Clinician());
        using var sandra = fixture.Platform.Gateway.Client(Tokens.Client(Sandra.Bsn));
        using var pohFhir = fixture.Client(Tokens.Poh());
        using var youthFhir = fixture.Client(Tokens.Clinician());

        // Scenario 1: Sandra to the practice's POH, Daan to youth GGZ; both accepted.
        var familyId = await Referrals.SubmitAsync(gp, Adult(Sandra, "0344", "3311", ("F32.0", "Mild depressive episode"), "Low mood since the boys went to secondary school.",
            household: [Mark.As("partner"), Daan.As("child", custody: true)]).To(GpAgb, "POH-GGZ Huisartsenpraktijk Lombok"));
        await Referrals.SubmitAsync(gp, Youth(Daan, "0344", "Truancy.", Sandra.As("parent", custody: true), Mark.As("parent", custody: true)).To(Referrals.YouthPractice));
        await Teams.AcceptAllAsync(poh, familyId, GpAgb);
        await Teams.AcceptAllAsync(youth, familyId, Referrals.YouthPractice);
        var sandraId = Plans.Named(await Plans.ReadAsync(poh, familyId), Sandra.Name)["memberId"]!.GetValue<Guid>();
        var daanId = Plans.Named(await Plans.ReadAsync(youth, familyId), Daan.Name)["memberId"]!.GetValue<Guid>();

        // Each clinician sets a goal and records an outcome for their own client; the POH a goal for the family.
        var sandrasGoal = await PostIdAsync(poh, familyId, "goals", new { memberId = sandraId, title = "Sleeps through the night", ownerUserId = PohId, evaluationOn = Day(30) });
        var familyGoal = await PostIdAsync(poh, familyId, "goals", new { title = "Evenings without shouting", ownerUserId = PohId, evaluationOn = Day(30) });
        var daansGoal = await PostIdAsync(youth, familyId, "goals", new { memberId = daanId, title = "Goes to school every day", ownerUserId = YouthClinicianId, evaluationOn = Day(30) });
        var sandrasPhq = await PostIdAsync(poh, familyId, "outcomes", new { memberId = sandraId, instrumentId = "phq-9", score = 14, measuredOn = Day(0) });
        var daansSdq = await PostIdAsync(youth, familyId, "outcomes", new { memberId = daanId, instrumentId = "sdq-self", score = 19, measuredOn = Day(0) });

        // Before a consent, Daan's clinician sees the family's goal and Daan's, not Sandra's: not in the CarePlan, not found, not searched.
        var before = await PartsAsync(youthFhir, familyId);
        Assert.Equal(Ids(familyId, familyGoal, daansGoal), before.Goals);
        Assert.Equal(Ids(familyId, daansSdq), before.Observations);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(youthFhir, "Goal", familyId, sandrasGoal));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(youthFhir, "Observation", familyId, sandrasPhq));

        // Daan's goal as a TreatmentObjective about Daan by BSN; the family's about the family; his SDQ as a survey Observation.
        var goal = await ReadAsync<Goal>(youthFhir, "Goal", familyId, daansGoal);
        Assert.Equal(("Goes to school every day", Daan.Bsn), (goal.Description.Text, goal.Subject.Identifier?.Value));
        Assert.Equal("#family", (await ReadAsync<Goal>(youthFhir, "Goal", familyId, familyGoal)).Subject.Reference);
        var sdq = await ReadAsync<Observation>(youthFhir, "Observation", familyId, daansSdq);
        Assert.Equal((19m, Daan.Bsn, "CarePlan/" + familyId), (((Quantity)sdq.Value!).Value, sdq.Subject!.Identifier?.Value, sdq.BasedOn.Single().Reference));

        // With Sandra's consent, on the next read: her goal and her PHQ-9 too.
        var consent = await Consents.ShareWithCareTeamAsync(sandra, sandraId, familyId, HttpStatusCode.Created);
        var shared = await PartsAsync(youthFhir, familyId);
        Assert.Equal(Ids(familyId, sandrasGoal, familyGoal, daansGoal), shared.Goals);
        Assert.Equal(Ids(familyId, sandrasPhq, daansSdq), shared.Observations);
        var phq = await ReadAsync<Observation>(youthFhir, "Observation", familyId, sandrasPhq);
        Assert.Equal((14m, Sandra.Bsn, "Patient Health Questionnaire-9 (PHQ-9)"), (((Quantity)phq.Value!).Value, phq.Subject!.Identifier?.Value, phq.Code.Text));
        // 14 is past the PHQ-9's cut-off of 10: abnormal. The SDQ has no established cut-off here, so no interpretation.
        Assert.Equal("A", phq.Interpretation.Single().Coding.Single().Code);
        Assert.Empty(sdq.Interpretation);
        Assert.Equal(Sandra.Bsn, (await ReadAsync<Goal>(youthFhir, "Goal", familyId, sandrasGoal)).Subject.Identifier?.Value);

        // Withdrawn: hidden again at once.
        await Consents.WithdrawAsync(sandra, consent["id"]!.GetValue<Guid>(), HttpStatusCode.OK);
        var withdrawn = await PartsAsync(youthFhir, familyId);
        Assert.Equal(before, withdrawn);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(youthFhir, "Goal", familyId, sandrasGoal));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(youthFhir, "Observation", familyId, sandrasPhq));
        // Her own clinician still sees both.
        Assert.Contains(Id(familyId, sandrasPhq), (await PartsAsync(pohFhir, familyId)).Observations);

        // An MDO about Sandra, with her consent: the POH books it with Daan's clinician; both read it as an Appointment.
        await Mdos.ConsentAsync(sandraId, "care-team", familyId.ToString(), sandra);
        await Mdos.SetHoursAsync(poh, Mdos.Weekdays());
        await Mdos.SetHoursAsync(youth, Mdos.Weekdays());
        var request = Mdos.Request(familyId, [sandraId], [YouthClinicianId]);
        var (_, found, _) = await Eventually.Until(() => Mdos.PostAsync(poh, "/api/mdos/search", request), r => r.Status == HttpStatusCode.OK,
            "a slot, once the MDO service knows the team and the consent");
        request["start"] = found!["earliest"]!["start"]!.DeepClone();
        var (booked, mdo, _) = await Mdos.PostAsync(poh, "/api/mdos", request);
        Assert.Equal(HttpStatusCode.Created, booked);
        var mdoId = mdo!["id"]!.GetValue<Guid>();
        await Plans.UntilAsync(youth, familyId, p => p["mdos"]?.AsArray().Count == 1, "the MDO in the plan");

        foreach (var professional in new[] { pohFhir, youthFhir })
        {
            var appointment = await ReadAsync<Appointment>(professional, "Appointment", familyId, mdoId);
            Assert.Equal((Appointment.AppointmentStatus.Booked, found["earliest"]!["start"]!.GetValue<DateTimeOffset>()), (appointment.Status, appointment.Start));
            Assert.Equal(2, appointment.Participant.Count);
            Assert.Equal("CarePlan/" + familyId, appointment.SupportingInformation.Single().Reference);
            Assert.Equal(Ids(familyId, mdoId), (await PartsAsync(professional, familyId)).Appointments);
        }

        // Someone outside the family finds none of it, and a made-up id is no resource.
        using var stranger = fixture.Client(Tokens.Gp("01077777"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(stranger, "Appointment", familyId, mdoId));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(stranger, "Goal", familyId, familyGoal));
        using var searched = await stranger.GetAsync($"/fhir/Observation?based-on=CarePlan/{familyId}");
        Assert.Empty((await FhirFixture.ValidAsync<Bundle>(searched)).Entry);
        using var madeUp = await youthFhir.GetAsync("/fhir/Goal/not-a-plan-part");
        Assert.Equal(HttpStatusCode.NotFound, madeUp.StatusCode);
        await FhirFixture.ValidAsync<OperationOutcome>(madeUp);
    }

    [SkippableFact]
    public async System.Threading.Tasks.Task A_search_of_a_plans_parts_without_its_CarePlan_or_with_a_parameter_it_does_not_take_is_a_400_naming_it()
    {
        using var youthFhir = fixture.Client(Tokens.Clinician());
        foreach (var (query, expression) in new[]
        {
            ("/fhir/Observation", "based-on"),
            ($"/fhir/Observation?based-on=Patient/{Guid.NewGuid()}", "based-on"),
            ($"/fhir/Appointment?supporting-info=CarePlan/{Guid.NewGuid()}&patient=123456782", "patient"),
            ($"/fhir/Appointment?supporting-info=CarePlan/{Guid.NewGuid()}&_count=0", "_count"),
        })
        {
            using var response = await youthFhir.GetAsync(query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expression, (await FhirFixture.ValidAsync<OperationOutcome>(response)).Issue.Single().Expression.Single());
        }
    }

    /// <summary>
    /// The ids of the Goals the CarePlan refers to (each read and valid), and of the Observations and Appointments its searches find, as <paramref name="client"/> sees them now.
    /// </summary>
    private static async Task<PlanParts> PartsAsync(HttpClient client, Guid familyId)
    {
        using var response = await client.GetAsync($"/fhir/CarePlan/{familyId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var carePlan = await FhirFixture.ValidAsync<CarePlan>(response);
        var goals = carePlan.Goal.Select(g => g.Reference![("Goal/".Length)..]).Order(StringComparer.Ordinal).ToList();
        return new PlanParts(goals, await SearchAsync(client, $"Observation?based-on=CarePlan/{familyId}"), await SearchAsync(client, $"Appointment?supporting-info=CarePlan/{familyId}"));
    }

    private static async Task<IReadOnlyList<string>> SearchAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/fhir/" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await FhirFixture.ValidAsync<Bundle>(response);
        // Each entry's full URL is where the partner reads it: through the gateway, not at the edge behind it.
        Assert.All(bundle.Entry, e => Assert.Equal(new Uri(client.BaseAddress!, $"/fhir/{e.Resource!.TypeName}/{e.Resource.Id}").ToString(), e.FullUrl));
        return [.. bundle.Entry.Select(e => e.Resource!.Id!).Order(StringComparer.Ordinal)];
    }

    private static async Task<T> ReadAsync<T>(HttpClient client, string type, Guid familyId, Guid partId)
        where T : Resource
    {
        using var response = await client.GetAsync($"/fhir/{type}/{Id(familyId, partId)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FhirFixture.ValidAsync<T>(response);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string type, Guid familyId, Guid partId)
    {
        using var response = await client.GetAsync($"/fhir/{type}/{Id(familyId, partId)}");
        return response.StatusCode;
    }

    /// <summary>Posts a part of the plan as a team member, once they are on the team; asserts 201 and returns its id.</summary>
    private static async Task<Guid> PostIdAsync(HttpClient member, Guid familyId, string part, object body)
    {
        var (status, text) = await Eventually.Until(async () =>
        {
            using var posted = await member.PostAsJsonAsync($"/api/families/{familyId}/{part}", body);
            return (posted.StatusCode, await posted.Content.ReadAsStringAsync());
        }, r => r.StatusCode is not HttpStatusCode.NotFound and not HttpStatusCode.Forbidden, "the writer on the team");
        Assert.True(status == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
    }

    private static string Id(Guid familyId, Guid partId) => familyId.ToString("N") + partId.ToString("N");

    private static List<string> Ids(Guid familyId, params Guid[] parts) => [.. parts.Select(p => Id(familyId, p)).Order(StringComparer.Ordinal)];

    private static string Day(int days) => TestClock.Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record PlanParts(IReadOnlyList<string> Goals, IReadOnlyList<string> Observations, IReadOnlyList<string> Appointments)
    {
        public bool Equals(PlanParts? other) =>
            other is not null && Goals.SequenceEqual(other.Goals) && Observations.SequenceEqual(other.Observations) && Appointments.SequenceEqual(other.Appointments);

        public override int GetHashCode() => HashCode.Combine(Goals.Count, Observations.Count, Appointments.Count);
    }
}
