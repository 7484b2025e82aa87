using System.Net;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;
using static Coordination.Testing.Families;
using Calendar = Ical.Net.Calendar;

namespace MdoScheduling.Tests;

/// <summary>
/// MDO scheduling through the gateway and the broker (issue 11), for the De Vries family: the POH
/// looks for the earliest hour she, the family therapist and Daan's youth clinician are all free
/// within their own working hours and busy time (one given through the API, one uploaded as
/// free/busy); nobody is invited without every discussed member's mdo consent; the booking's
/// invitation is iCalendar; a decline gives the organiser a new proposal; a reschedule raises the
/// SEQUENCE under the same UID; a withdrawn consent takes the therapist off the MDO at once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MdoFlowTests
{
    private const string PohId = "poh-01012345";
    private const string YouthId = "clinician-94012345";
    private const string TherapistId = "family-therapist-94050001";
    private const string TherapistOrg = "73730005";

    private static readonly string Therapist = Tokens.Create(Roles.FamilyTherapist, new Dictionary<string, string>
    {
        [ClaimNames.Subject] = TherapistId, [ClaimNames.Agb] = "94050001", [ClaimNames.Org] = TherapistOrg, [ClaimNames.Name] = "Eva Smit",
    });

    /// <summary>
    /// Sandra referred to the practice's POH, who brings in the family therapist; Sandra consents to her
    /// POH (by AGB code) and to the therapist's organisation discussing her; both work weekdays 9–17.
    /// Returns the family, Sandra's member id and her consent to the POH.
    /// </summary>
    private static async Task<(Guid FamilyId, Guid SandraId, Guid ToPoh)> SandraWithHerPohAndTherapistAsync(HttpClient gp, HttpClient poh, HttpClient therapist, HttpClient sandra)
    {
        var familyId = await Referrals.SubmitAsync(gp, Adult(Families.Sandra, "0344", "3311", ("F32.0", "Mild depressive episode"), "Low mood.",
            household: [Mark.As("partner")]).To(GpAgb, "POH-GGZ Huisartsenpraktijk Lombok"));
        await Teams.AcceptAllAsync(poh, familyId, GpAgb);
        await Teams.JoinAsync(poh, therapist, familyId, TherapistId, "family-therapist", TherapistOrg);
        var sandraId = await Consents.MemberIdAsync(sandra, Families.Sandra);
        var toPoh = await Mdos.ConsentAsync(sandraId, "professional", GpAgb, sandra);
        await Mdos.ConsentAsync(sandraId, "organisation", TherapistOrg, sandra);
        await Mdos.SetHoursAsync(poh, Mdos.Weekdays());
        await Mdos.SetHoursAsync(therapist, Mdos.Weekdays());
        return (familyId, sandraId, toPoh);
    }

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task The_POH_finds_the_earliest_hour_all_three_are_free_books_it_and_the_MDO_follows_answers_changes_and_consent(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var poh = platform.Gateway.Client(Tokens.Poh());
        using var youth = platform.Gateway.Client(Tokens.Clinician());
        using var therapist = platform.Gateway.Client(Therapist);
        using var sandra = platform.Gateway.Client(Tokens.Client(Families.Sandra.Bsn));
        using var daan = platform.Gateway.Client(Tokens.Client(Families.Daan.Bsn));
        var mdoDb = platform.Databases.For(Platform.MdoScheduling);

        // Sandra to the practice's POH, Daan to youth GGZ; both accept; the POH brings in the family therapist.
        var familyId = await Referrals.SubmitAsync(gp, Adult(Families.Sandra, "0344", "3311", ("F32.0", "Mild depressive episode"), "Low mood.",
            household: [Mark.As("partner"), Families.Daan.As("child", custody: true)]).To(GpAgb, "POH-GGZ Huisartsenpraktijk Lombok"));
        await Referrals.SubmitAsync(gp, Youth(Families.Daan, "0344", "Truancy.", Families.Sandra.As("parent", custody: true)).To(Referrals.YouthPractice));
        await Teams.AcceptAllAsync(poh, familyId, GpAgb);
        await Teams.AcceptAllAsync(youth, familyId, Referrals.YouthPractice);
        await Teams.JoinAsync(poh, therapist, familyId, TherapistId, "family-therapist", TherapistOrg);
        var sandraId = await Consents.MemberIdAsync(sandra, Families.Sandra);
        var daanId = await Consents.MemberIdAsync(sandra, Families.Daan);

        // Calendars: the POH works weekdays 9–17; the therapist Monday and Wednesday afternoons, and uploads Wednesday 13–14 as busy;
        // the youth clinician works weekdays 9–17 and is busy on Monday 23 November 13:00–15:00 (Amsterdam).
        await Mdos.SetHoursAsync(poh, Mdos.Weekdays());
        await Mdos.SetHoursAsync(youth, Mdos.Weekdays());
        await Mdos.SetHoursAsync(therapist, new { day = "monday", from = "13:00", to = "17:00" }, new { day = "wednesday", from = "13:00", to = "17:00" });
        await Mdos.BusyAsync(youth, Utc(11, 23, 12), Utc(11, 23, 14));
        using (var upload = new HttpRequestMessage(HttpMethod.Put, "/api/mdos/calendar/upload")
        {
            Content = new StringContent("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VFREEBUSY\r\nUID:fb-1\r\nDTSTAMP:20261123T090000Z\r\n"
                + "FREEBUSY:20261125T120000Z/PT1H\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n", System.Text.Encoding.UTF8, "text/calendar"),
        })
        using (var uploaded = await therapist.SendAsync(upload))
        {
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        }

        // A malformed upload is a 400 naming its line, and keeps the busy time of the last good one.
        using (var bad = new HttpRequestMessage(HttpMethod.Put, "/api/mdos/calendar/upload")
        {
            Content = new StringContent("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART 20261125T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                System.Text.Encoding.UTF8, "text/calendar"),
        })
        using (var refused = await therapist.SendAsync(bad))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(4, JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["line"]!.GetValue<int>());
        }

        Assert.Equal(1, await DbCounts.CountAsync(mdoDb, "busy_periods", "source = 'upload'"));

        // Sandra consents to discussing her in an MDO with the care team; for Daan (14) she consents to each professional's organisation, but Daan has not yet.
        await Mdos.ConsentAsync(sandraId, "care-team", familyId.ToString(), sandra);
        var daanConsents = new Dictionary<string, Guid>();
        foreach (var (kind, recipient) in new[] { ("organisation", Referrals.YouthPractice), ("professional", GpAgb), ("organisation", TherapistOrg) })
        {
            daanConsents[recipient] = await Mdos.ConsentAsync(daanId, kind, recipient, sandra);
        }

        // Asked once the MDO service knows the whole team (the care team's events travel over the broker).
        var request = Mdos.Request(familyId, [sandraId, daanId], [TherapistId, YouthId]);
        var (status, unconsented, _) = await Eventually.Until(() => Mdos.PostAsync(poh, "/api/mdos/search", request),
            r => r.Status == HttpStatusCode.UnprocessableEntity && Refused(r.Body!, MdoRule.NoConsent).Length == 3, "the whole team known, and refused for Daan's consent");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Empty(Refused(unconsented!, MdoRule.NotOnTeam));
        Assert.Equal([YouthId, TherapistId, PohId], Refused(unconsented!, MdoRule.NoConsent));
        Assert.Contains(Families.Daan.Name, unconsented!["participants"]![0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Daan consents too: now everyone is covered.
        foreach (var (kind, recipient) in new[] { ("organisation", Referrals.YouthPractice), ("professional", GpAgb), ("organisation", TherapistOrg) })
        {
            await Mdos.ConsentAsync(daanId, kind, recipient, daan);
        }

        // Bad input: a window in the past or over 90 days, a length out of bounds, someone without a calendar or off the team. Nothing is stored.
        Assert.Equal(["from"], await FieldsAsync(poh, With(request, "from", Mdos.Day(TestClock.Today.AddDays(-1)))));
        Assert.Equal(["until"], await FieldsAsync(poh, With(request, "until", Mdos.Day(TestClock.Today.AddDays(90)))));
        Assert.Equal(["durationMinutes"], await FieldsAsync(poh, With(request, "durationMinutes", 10)));
        Assert.Equal(["durationMinutes"], await FieldsAsync(poh, With(request, "durationMinutes", 250)));
        using var nurse = platform.Gateway.Client(Tokens.Create(Roles.DistrictNurse, new Dictionary<string, string>
        {
            [ClaimNames.Subject] = "district-nurse-94080001", [ClaimNames.Agb] = "94080001", [ClaimNames.Org] = "73730008",
        }));
        await Mdos.SetHoursAsync(nurse, Mdos.Weekdays());
        var strangers = Mdos.Request(familyId, [sandraId, daanId], [TherapistId, YouthId], optional: ["nobody-1", "district-nurse-94080001"]);
        (status, var refusal, _) = await Mdos.PostAsync(poh, "/api/mdos/search", strangers);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["nobody-1"], Refused(refusal!, MdoRule.NoCalendar));
        Assert.Equal(["district-nurse-94080001"], Refused(refusal!, MdoRule.NotOnTeam));
        Assert.Equal(0, await DbCounts.CountAsync(mdoDb, "mdos"));

        // The earliest hour all three are free: Monday 23 November, 15:00–16:00 in Amsterdam (14:00Z).
        (status, var found, _) = await Mdos.PostAsync(poh, "/api/mdos/search", request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Utc(11, 23, 14), found!["earliest"]!["start"]!.GetValue<DateTimeOffset>());
        Assert.NotEmpty(found["alternatives"]!.AsArray());
        Assert.Equal(0, await DbCounts.CountAsync(mdoDb, "mdos"));

        // Booked: everyone is invited; the therapist's list shows it as changed until she reads it.
        request["start"] = found["earliest"]!["start"]!.DeepClone();
        (status, var booked, var etag) = await Mdos.PostAsync(poh, "/api/mdos", request);
        Assert.Equal(HttpStatusCode.Created, status);
        var id = booked!["id"]!.GetValue<Guid>();
        Assert.Equal(("planned", 0, "\"1\""), (booked["status"]!.GetValue<string>(), booked["sequence"]!.GetValue<int>(), etag));
        Assert.Equal([YouthId, TherapistId, PohId], booked["participants"]!.AsArray().Select(p => p!["participantId"]!.GetValue<string>()).Order());
        var listed = Assert.Single(await Mdos.ListAsync(therapist))!;
        Assert.Equal((id, true, "needs-action"), (listed["id"]!.GetValue<Guid>(), listed["changed"]!.GetValue<bool>(), listed["myStatus"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await Mdos.ReadAsync(therapist, id)).Status);
        Assert.False(Assert.Single(await Mdos.ListAsync(therapist))!["changed"]!.GetValue<bool>());

        // The therapist's invitation: one event, its organiser, every participant, Amsterdam time; no BSN, no diagnosis, no purpose.
        var invitation = await Mdos.InvitationAsync(therapist, id);
        var calendar = Calendar.Load(invitation)!;
        Assert.Equal("REQUEST", calendar.Method);
        var e = Assert.Single(calendar.Events);
        Assert.Equal(0, e.Sequence);
        Assert.Contains(PohId, e.Organizer!.Value!.ToString(), StringComparison.Ordinal);
        Assert.Equal(Utc(11, 23, 14).UtcDateTime, e.DtStart!.AsUtc);
        Assert.Equal("Europe/Amsterdam", e.DtStart.TzId);
        Assert.Equal(3, e.Attendees.Count);
        // The link a participant follows: the MDO at the gateway's public address (the default, as no other is configured here).
        Assert.Equal(new Uri($"http://127.0.0.1:5080/api/mdos/{id}"), e.Url);
        foreach (var secret in new[] { Families.Sandra.Bsn, Families.Daan.Bsn, "F32", "Low mood", "Truancy", "Align the family" })
        {
            Assert.DoesNotContain(secret, invitation, StringComparison.Ordinal);
        }

        // Nobody else learns of it: another organisation's clinician reads or answers: 404.
        using var outsider = platform.Gateway.Client(Tokens.Clinician("youth", "94012399", "73730009"));
        Assert.Equal(HttpStatusCode.NotFound, (await Mdos.ReadAsync(outsider, id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Mdos.PostAsync(outsider, $"/api/mdos/{id}/answer", new JsonObject { ["answer"] = "accepted" })).Status);

        // The youth clinician declines, with a reason: the organiser is told and gets a new proposal.
        Assert.Equal(["reason"], Fields((await Mdos.PostAsync(youth, $"/api/mdos/{id}/answer", new JsonObject { ["answer"] = "declined" })).Body!));
        Assert.Equal(HttpStatusCode.OK, (await Mdos.PostAsync(youth, $"/api/mdos/{id}/answer", new JsonObject { ["answer"] = "declined", ["reason"] = "A court hearing." })).Status);
        Assert.True(Assert.Single(await Mdos.ListAsync(poh))!["changed"]!.GetValue<bool>());
        var (_, organisers, current) = await Mdos.ReadAsync(poh, id);
        Assert.Equal(("declined", "A court hearing."), (Participant(organisers!, YouthId)["status"]!.GetValue<string>(), Participant(organisers!, YouthId)["reason"]!.GetValue<string>()));
        var proposed = organisers!["proposal"]!["earliest"]!["start"]!.GetValue<DateTimeOffset>();
        Assert.NotEqual(Utc(11, 23, 14), proposed);

        // Only the organiser reschedules, with the MDO's ETag: the invitation keeps its UID and raises its SEQUENCE; everyone answers again.
        var move = new JsonObject { ["start"] = proposed };
        Assert.Equal(HttpStatusCode.Forbidden, (await Mdos.PostAsync(youth, $"/api/mdos/{id}/reschedule", move, current)).Status);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Mdos.PostAsync(poh, $"/api/mdos/{id}/reschedule", move)).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Mdos.PostAsync(poh, $"/api/mdos/{id}/reschedule", move, "\"1\"")).Status);
        (status, var moved, _) = await Mdos.PostAsync(poh, $"/api/mdos/{id}/reschedule", move, current);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((1, "needs-action", "needs-action"), (moved!["sequence"]!.GetValue<int>(), Participant(moved, YouthId)["status"]!.GetValue<string>(),
            Participant(moved, TherapistId)["status"]!.GetValue<string>()));
        var again = Calendar.Load(await Mdos.InvitationAsync(therapist, id))!.Events.Single();
        Assert.Equal((e.Uid, 1, proposed.UtcDateTime), (again.Uid, again.Sequence, again.DtStart!.AsUtc));

        // Daan withdraws his consent to the therapist's organisation: she is taken off the MDO at once, and told.
        await Consents.WithdrawAsync(daan, daanConsents[TherapistOrg], HttpStatusCode.OK);
        var withdrawn = await Eventually.Until(async () => (await Mdos.ReadAsync(poh, id)).Body!,
            m => Participant(m, TherapistId)["status"]!.GetValue<string>() == "removed", "the therapist off the MDO");
        Assert.Equal(2, withdrawn["sequence"]!.GetValue<int>());
        var hers = Assert.Single(await Mdos.ListAsync(therapist))!;
        Assert.Equal(("removed", true), (hers["myStatus"]!.GetValue<string>(), hers["changed"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.NotFound, (await Mdos.ReadAsync(therapist, id)).Status);
        var cancel = Calendar.Load(await Mdos.InvitationAsync(therapist, id))!;
        Assert.Equal(("CANCEL", "CANCELLED"), (cancel.Method, cancel.Events.Single().Status));
        // The others keep their invitation, without her.
        var others = Calendar.Load(await Mdos.InvitationAsync(youth, id))!.Events.Single();
        Assert.Equal(2, others.Attendees.Count);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Two_organisers_booking_the_same_professional_for_the_same_hour_at_once_get_one_booking_and_one_409_naming_who_and_when(string dialect)
    {
        // Issue 19 (ADR 0017): the free check and the booking are one step per participant's diary.
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var poh = platform.Gateway.Client(Tokens.Poh());
        using var therapist = platform.Gateway.Client(Therapist);
        using var sandra = platform.Gateway.Client(Tokens.Client(Families.Sandra.Bsn));
        var (familyId, sandraId, _) = await SandraWithHerPohAndTherapistAsync(gp, poh, therapist, sandra);

        // The POH wants the therapist, the therapist wants the POH: both find the same earliest hour free.
        var byPoh = Mdos.Request(familyId, [sandraId], [TherapistId]);
        var byTherapist = Mdos.Request(familyId, [sandraId], [PohId]);
        var (_, found, _) = await Eventually.Until(() => Mdos.PostAsync(poh, "/api/mdos/search", byPoh), r => r.Status == HttpStatusCode.OK, "the team known");
        var (_, foundToo, _) = await Eventually.Until(() => Mdos.PostAsync(therapist, "/api/mdos/search", byTherapist), r => r.Status == HttpStatusCode.OK, "the team known");
        var start = found!["earliest"]!["start"]!.GetValue<DateTimeOffset>();
        Assert.Equal(start, foundToo!["earliest"]!["start"]!.GetValue<DateTimeOffset>());
        byPoh["start"] = start;
        byTherapist["start"] = start;

        var answers = await Task.WhenAll(Mdos.PostAsync(poh, "/api/mdos", byPoh), Mdos.PostAsync(therapist, "/api/mdos", byTherapist));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.Status).Order());
        var refused = answers.Single(a => a.Status == HttpStatusCode.Conflict).Body!;
        var winner = answers.Single(a => a.Status == HttpStatusCode.Created).Body!;
        Assert.Contains(refused["participant"]!.GetValue<string>(), new[] { PohId, TherapistId });
        Assert.Equal(start, refused["slot"]!["start"]!.GetValue<DateTimeOffset>());
        Assert.Equal(start.AddHours(1), refused["slot"]!["end"]!.GetValue<DateTimeOffset>());
        Assert.Contains("(Amsterdam)", refused["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await DbCounts.CountAsync(platform.Databases.For(Platform.MdoScheduling), "mdos"));
        Assert.Equal(winner["id"]!.GetValue<Guid>(), Assert.Single(await Mdos.ListAsync(poh))!["id"]!.GetValue<Guid>());

        // Moving is booking too: the one who lost books the next free hour, then both move their MDO into the hour after at once.
        var (lost, lostRequest) = answers[0].Status == HttpStatusCode.Conflict ? (poh, byPoh) : (therapist, byTherapist);
        var (won, wonId, wonETag) = answers[0].Status == HttpStatusCode.Conflict
            ? (therapist, answers[1].Body!["id"]!.GetValue<Guid>(), answers[1].ETag)
            : (poh, answers[0].Body!["id"]!.GetValue<Guid>(), answers[0].ETag);
        lostRequest["start"] = (await Mdos.PostAsync(lost, "/api/mdos/search", lostRequest)).Body!["earliest"]!["start"]!.DeepClone();
        var (second, secondBody, secondETag) = await Mdos.PostAsync(lost, "/api/mdos", lostRequest);
        Assert.Equal(HttpStatusCode.Created, second);
        var third = (await Mdos.PostAsync(lost, "/api/mdos/search", lostRequest)).Body!["earliest"]!["start"]!.GetValue<DateTimeOffset>();
        var move = new JsonObject { ["start"] = third };

        var moves = await Task.WhenAll(
            Mdos.PostAsync(won, $"/api/mdos/{wonId}/reschedule", move, wonETag),
            Mdos.PostAsync(lost, $"/api/mdos/{secondBody!["id"]}/reschedule", move, secondETag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], moves.Select(m => m.Status).Order());
        var notMoved = moves.Single(m => m.Status == HttpStatusCode.Conflict).Body!;
        Assert.Contains(notMoved["participant"]!.GetValue<string>(), new[] { PohId, TherapistId });
        Assert.Equal(third, notMoved["slot"]!["start"]!.GetValue<DateTimeOffset>());
    }

    [SkippableFact]
    public async Task The_family_member_invited_answers_a_professional_who_leaves_the_care_team_is_taken_off_and_the_MDO_is_cancelled_when_the_organisers_consent_is_withdrawn()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var poh = platform.Gateway.Client(Tokens.Poh());
        using var therapist = platform.Gateway.Client(Therapist);
        using var sandra = platform.Gateway.Client(Tokens.Client(Families.Sandra.Bsn));
        var (familyId, sandraId, toPoh) = await SandraWithHerPohAndTherapistAsync(gp, poh, therapist, sandra);
        // Sandra herself is invited too: she has no calendar and does not limit the search.
        var request = Mdos.Request(familyId, [sandraId], [TherapistId], family: [sandraId]);
        var (_, found, _) = await Eventually.Until(() => Mdos.PostAsync(poh, "/api/mdos/search", request), r => r.Status == HttpStatusCode.OK, "the team known");
        request["start"] = found!["earliest"]!["start"]!.DeepClone();
        var (status, booked, _) = await Mdos.PostAsync(poh, "/api/mdos", request);
        Assert.Equal(HttpStatusCode.Created, status);
        var id = booked!["id"]!.GetValue<Guid>();

        // Sandra finds it in her list, reads it, accepts, and reads her invitation; Mark, not invited, gets 404.
        var hers = Assert.Single(await Mdos.ListAsync(sandra))!;
        Assert.Equal((id, "needs-action", true), (hers["id"]!.GetValue<Guid>(), hers["myStatus"]!.GetValue<string>(), hers["changed"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.OK, (await Mdos.PostAsync(sandra, $"/api/mdos/{id}/answer", new JsonObject { ["answer"] = "accepted" })).Status);
        var sandras = (await Mdos.ReadAsync(sandra, id)).Body!;
        Assert.Equal(("accepted", Families.Sandra.Name), (sandras["myStatus"]!.GetValue<string>(), Participant(sandras, $"member:{sandraId:D}")["name"]!.GetValue<string>()));
        var hersToo = Calendar.Load(await Mdos.InvitationAsync(sandra, id))!.Events.Single();
        Assert.Contains(hersToo.Attendees, a => a.CommonName == Families.Sandra.Name && a.ParticipationStatus == "ACCEPTED" && a.Role == "OPT-PARTICIPANT");
        using (var mark = platform.Gateway.Client(Tokens.Client(Mark.Bsn)))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Mdos.ReadAsync(mark, id)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await Mdos.PostAsync(mark, "/api/mdos/search", request)).Status);
        }

        // The therapist leaves the family's care team: she is taken off the MDO at once.
        string teamETag;
        using (var team = await therapist.GetAsync($"/api/families/{familyId}/team"))
        {
            teamETag = team.Headers.ETag!.ToString();
        }

        Assert.Equal(HttpStatusCode.OK, (await Mdos.PostAsync(therapist, $"/api/families/{familyId}/team/members/{TherapistId}/leave", new JsonObject(), teamETag)).Status);
        var without = await Eventually.Until(async () => (await Mdos.ReadAsync(poh, id)).Body!,
            m => Participant(m, TherapistId)["status"]!.GetValue<string>() == "removed", "the therapist off the MDO");
        Assert.Equal(("planned", 1), (without["status"]!.GetValue<string>(), without["sequence"]!.GetValue<int>()));
        Assert.Equal("removed", Assert.Single(await Mdos.ListAsync(therapist))!["myStatus"]!.GetValue<string>());

        // Sandra withdraws her consent to the POH, who organises it: the MDO is cancelled, and its invitation says so.
        await Consents.WithdrawAsync(sandra, toPoh, HttpStatusCode.OK);
        var cancelled = await Eventually.Until(async () => (await Mdos.ReadAsync(poh, id)).Body!, m => m["status"]!.GetValue<string>() == "cancelled", "the MDO cancelled");
        Assert.Contains("organiser", cancelled["cancelReason"]!.GetValue<string>(), StringComparison.Ordinal);
        var invitation = Calendar.Load(await Mdos.InvitationAsync(poh, id))!;
        Assert.Equal(("CANCEL", 2), (invitation.Method, invitation.Events.Single().Sequence));
        var plan = await Plans.UntilAsync(poh, familyId, p => p["mdos"]?.AsArray().FirstOrDefault()?["status"]?.GetValue<string>() == "cancelled",
            "the plan showing the MDO cancelled");
        Assert.Equal("removed", plan["mdos"]![0]!["participants"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Eva Smit")!["status"]!.GetValue<string>());
    }

    private static class MdoRule
    {
        public const string NoConsent = "no-mdo-consent";
        public const string NoCalendar = "no-calendar";
        public const string NotOnTeam = "not-on-care-team";
    }

    private static string[] Refused(JsonNode problem, string rule) =>
        [.. problem["participants"]!.AsArray().Where(p => p!["rule"]!.GetValue<string>() == rule).Select(p => p!["participantId"]!.GetValue<string>()).Order()];

    private static JsonNode Participant(JsonNode mdo, string id) => mdo["participants"]!.AsArray().Single(p => p!["participantId"]!.GetValue<string>() == id)!;

    private static JsonObject With(JsonObject request, string field, JsonNode value)
    {
        var copy = request.DeepClone().AsObject();
        copy[field] = value;
        return copy;
    }

    private static async Task<string[]> FieldsAsync(HttpClient client, JsonObject request)
    {
        var (status, body, _) = await Mdos.PostAsync(client, "/api/mdos/search", request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        return Fields(body!);
    }

    private static string[] Fields(JsonNode problem) => [.. problem["errors"]!.AsObject().Select(e => e.Key).Order()];
}
