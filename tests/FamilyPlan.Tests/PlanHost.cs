using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Data;
using Coordination.Testing;
using MassTransit;
using Referral.Contracts;

namespace FamilyPlan.Tests;

/// <summary>
/// The family plan service alone on a broker of its own and a database of the dialect, with a bus
/// that publishes the referral service's events to it as that service would. No consent service
/// answers here: another member's care data is withheld as <c>unavailable</c>, after a short wait.
/// </summary>
internal sealed class PlanHost : IAsyncDisposable
{
    private PlanHost(RabbitVirtualHost broker, TestDatabase databases, RunningHost service, TestBus<ReferralSubmitted> bus)
    {
        Broker = broker;
        Databases = databases;
        Service = service;
        Bus = bus;
    }

    public RabbitVirtualHost Broker { get; }

    public TestDatabase Databases { get; }

    public RunningHost Service { get; }

    public TestBus<ReferralSubmitted> Bus { get; }

    public Database Db => Databases.For(Platform.FamilyPlan);

    public static async Task<PlanHost> StartAsync(string dialect)
    {
        var broker = await RabbitVirtualHost.CreateAsync();
        var databases = TestDatabase.Create(dialect);
        // Nobody answers the consent check: a short wait keeps each read quick.
        var service = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases, [new("Consent:CheckTimeout", "00:00:00.300")]);
        var bus = await TestBus.StartAsync<ReferralSubmitted>(broker);
        return new PlanHost(broker, databases, service, bus);
    }

    /// <summary>Publishes <paramref name="message"/>, with <paramref name="messageId"/> when a redelivery is meant.</summary>
    public Task PublishAsync<T>(T message, Guid? messageId = null)
        where T : class =>
        Bus.Bus.Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    /// <summary>Waits until the inbox holds <paramref name="messages"/> applied messages.</summary>
    public Task WaitForInboxAsync(long messages) =>
        Eventually.Until(() => DbCounts.CountAsync(Db, "inbox"), n => n >= messages, $"{messages} message(s) to be applied");

    public Task<long> CountAsync(string table, string? where = null, object? args = null) => DbCounts.CountAsync(Db, table, where, args);

    /// <summary>The plan as <paramref name="token"/>'s holder reads it at the service; asserts 200.</summary>
    public async Task<JsonNode> PlanAsync(string token, Guid familyId)
    {
        using var client = Service.Client(token);
        return await Plans.ReadAsync(client, familyId);
    }

    /// <summary>The status of reading the plan as <paramref name="token"/>'s holder.</summary>
    public async Task<HttpStatusCode> PlanStatusAsync(string token, Guid familyId)
    {
        using var client = Service.Client(token);
        using var response = await client.GetAsync($"/api/families/{familyId}/plan");
        return response.StatusCode;
    }

    /// <summary>POSTs <paramref name="body"/> as <paramref name="token"/>'s holder; returns the status and the body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string token, string path, object body)
    {
        using var client = Service.Client(token);
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    /// <summary>Sends <paramref name="body"/> with <paramref name="method"/> as <paramref name="token"/>'s holder, with If-Match when given; returns the status, the body and the ETag.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, string? ETag)> SendAsync(string token, HttpMethod method, string path, object body, string? ifMatch = null)
    {
        using var client = Service.Client(token);
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response.Headers.ETag?.Tag);
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        await Service.DisposeAsync();
        await Databases.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

/// <summary>
/// One family's referral events, as the referral service publishes them: each person with a
/// member id, each referral by the scenario GP, the acceptances by clinicians of their own tokens.
/// </summary>
internal sealed class FamilyEvents
{
    public const string GpAgb = Families.GpAgb;

    public static readonly ReferralActor AdultClinician = new("clinician-94000001", "Dr. Anouk de Wit", "clinician", "94000001", "73730002", "adult");
    public static readonly ReferralActor YouthClinician = new("clinician-94000002", "Drs. Bram Smit", "clinician", "94000002", "73730003", "youth");

    /// <summary>The token of <see cref="AdultClinician"/>.</summary>
    public static string AdultClinicianToken => Tokens.Clinician("adult", "94000001", "73730002");

    /// <summary>The token of <see cref="YouthClinician"/>.</summary>
    public static string YouthClinicianToken => Tokens.Clinician("youth", "94000002", "73730003");

    private readonly Dictionary<string, Guid> _members = [];

    public Guid FamilyId { get; } = Guid.NewGuid();

    /// <summary>The member id of <paramref name="person"/> in this family.</summary>
    public Guid MemberId(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!_members.TryGetValue(person.Bsn, out var id))
        {
            id = Guid.NewGuid();
            _members[person.Bsn] = id;
        }

        return id;
    }

    /// <summary>A referral of <paramref name="subject"/> with the household given, each member with their member id.</summary>
    public ReferralSubmitted Submitted(Guid referralId, Person subject, string domain, params (Person Person, string Relation, bool? Custody)[] household)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return new ReferralSubmitted(
            referralId, FamilyId,
            new ReferredPerson(subject.Bsn, subject.Name, subject.BirthDate, "0344", domain == "adult" ? "3311" : null),
            household.Select(h => new HouseholdMember(h.Person.Bsn, h.Person.Name, h.Person.BirthDate, h.Relation, h.Custody)).ToList(),
            new ReferrerInfo(GpAgb, "02", "Huisartsenpraktijk Lombok", "gp", "gp-" + GpAgb),
            domain, "Referred for the tests.", domain == "adult" ? new DsmClassification("F32.0", "Major depressive disorder, single episode, mild") : null,
            domain == "adult" ? "basic" : null, false, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
            household.Select(h => h.Person).Prepend(subject).Select(p => new MemberIdentity(p.Bsn, MemberId(p))).ToList());
    }

    /// <summary>The acceptance of a referral of <paramref name="subject"/> by <paramref name="by"/>.</summary>
    public ReferralAccepted Accepted(Guid referralId, Person subject, ReferralActor by, bool adult, Person[]? minors = null, Person[]? parents = null, int version = 3) =>
        new(referralId, FamilyId, MemberId(subject), adult ? "adult" : "youth", adult,
            (minors ?? []).Select(MemberId).ToList(), (parents ?? []).Select(MemberId).ToList(), by,
            new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), version);

    /// <summary>A status change of a referral to <paramref name="status"/> at <paramref name="version"/>.</summary>
    public ReferralStatusChanged StatusChanged(Guid referralId, string step, string from, string status, int version, ReferralActor? by = null) =>
        new(referralId, FamilyId, step, from, status, "73730002", by ?? AdultClinician,
            new DateTimeOffset(2026, 11, 10 + version, 9, 0, 0, TimeSpan.Zero), version);

    /// <summary>A supplement by the GP, the referral at <paramref name="version"/> after it.</summary>
    public ReferralSupplemented Supplemented(Guid referralId, int version, int day) =>
        new(referralId, FamilyId, AttachmentCount: 1, new ReferralActor("gp-" + GpAgb, "Dr. Huisarts", "gp", GpAgb, null, null),
            new DateTimeOffset(2026, 11, day, 14, 0, 0, TimeSpan.Zero), version);
}
