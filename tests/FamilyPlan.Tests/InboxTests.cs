using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using MassTransit;
using Referral.Contracts;

namespace FamilyPlan.Tests;

/// <summary>The inbox: a message delivered twice changes the family once.</summary>
[Trait("Category", "Integration")]
public sealed class InboxTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Delivering_the_same_ReferralSubmitted_twice_changes_the_family_once(string dialect)
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(dialect);
        await using var familyPlan = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases);
        await using var bus = await TestBus.StartAsync<ReferralSubmitted>(broker);

        var messageId = NewId.NextGuid();
        var familyId = Guid.NewGuid();
        var referral = new ReferralSubmitted(
            Guid.NewGuid(), familyId,
            new ReferredPerson("999900018", "Daan de Vries", new DateOnly(2011, 3, 14), "0344", null),
            [new HouseholdMember("999900006", "Sandra de Vries", new DateOnly(1990, 6, 2), "parent", true)],
            new ReferrerInfo("01012345", "02", "Huisartsenpraktijk Lombok", "gp", "gp-01012345"),
            "youth", "Truancy.", null, null, false, DateTimeOffset.UtcNow);

        // The same message (same MessageId) arrives twice, as after a relay crash between publish and mark.
        await bus.Bus.Publish(referral, ctx => ctx.MessageId = messageId);
        await bus.Bus.Publish(referral, ctx => ctx.MessageId = messageId);
        await Eventually.Until(() => broker.AcknowledgedAsync("family-plan-referral-submitted"), n => n >= 2, "both deliveries to be consumed");

        var db = databases.For(Platform.FamilyPlan);
        Assert.Equal(1, await DbCounts.CountAsync(db, "families"));
        Assert.Equal(1, await DbCounts.CountAsync(db, "plan_referrals"));
        Assert.Equal(2, await DbCounts.CountAsync(db, "stated_members"));
        Assert.Equal(1, await DbCounts.CountAsync(db, "inbox"));
        // The copy was skipped, not failed: without the inbox it would break on the referral's key and end in _error.
        Assert.Equal(0, await broker.WaitingAsync("family-plan-referral-submitted_error"));

        using var gp = familyPlan.Client(Tokens.Gp());
        var plan = await gp.GetFromJsonAsync<JsonObject>($"/api/families/{familyId}/plan");
        var daan = plan!["members"]!.AsArray().Single(m => m!["bsn"]?.GetValue<string>() == "999900018")!;
        Assert.Single(daan["referrals"]!.AsArray());

        // A different message for the same family does change it.
        await bus.Bus.Publish(referral with { ReferralId = Guid.NewGuid() });
        await Eventually.Until(() => DbCounts.CountAsync(db, "plan_referrals"), n => n == 2, "the second referral to be added");
        // The second referral states the same two people again, as its own statement.
        Assert.Equal(4, await DbCounts.CountAsync(db, "stated_members"));
        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/families/{familyId}/plan")).StatusCode);
    }
}

/// <summary>A message that cannot be applied is retried, then parked in the error queue: not lost, not half-applied.</summary>
[Trait("Category", "Integration")]
public sealed class PoisonMessageTests
{
    [SkippableFact]
    public async Task A_message_that_keeps_failing_ends_in_the_error_queue_and_changes_nothing()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        await using var familyPlan = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases);
        await using var bus = await TestBus.StartAsync<ReferralSubmitted>(broker);

        // A household member without a relation breaks a NOT NULL column after the family and
        // subject rows were written in the same transaction.
        var poison = new ReferralSubmitted(
            Guid.NewGuid(), Guid.NewGuid(),
            new ReferredPerson("999900018", "Daan de Vries", new DateOnly(2011, 3, 14), "0344", null),
            [new HouseholdMember("999900006", null, new DateOnly(1990, 6, 2), null!, null)],
            new ReferrerInfo("01012345", "02", null, "gp", "gp-01012345"),
            "youth", "Truancy.", null, null, false, DateTimeOffset.UtcNow);
        await bus.Bus.Publish(poison);

        await Eventually.Until(() => broker.WaitingAsync("family-plan-referral-submitted_error"), n => n == 1, "the message to reach the error queue", TimeSpan.FromSeconds(60));
        var db = databases.For(Platform.FamilyPlan);
        Assert.Equal(0, await DbCounts.CountAsync(db, "families"));
        Assert.Equal(0, await DbCounts.CountAsync(db, "stated_members"));
        Assert.Equal(0, await DbCounts.CountAsync(db, "inbox"));
    }
}
