using System.Net;
using System.Text.Json.Nodes;
using Coordination.Testing;
using MassTransit;

namespace FamilyPlan.Tests;

/// <summary>
/// The closed loop in the plan: a referral's status follows its newest version whatever order the
/// events arrive in, supplements are counted once each, and events that overtake the referral
/// itself are kept until it arrives.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReferralProgressTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_referrals_status_follows_its_newest_version_and_a_late_older_change_changes_nothing(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        var family = new FamilyEvents();
        var referral = Guid.NewGuid();
        await host.PublishAsync(family.Submitted(referral, Families.Sandra, "adult", Families.Daan.As("child")));
        await host.WaitForInboxAsync(1);
        Assert.Equal("received", await StatusAsync(host, family, referral));

        // The acceptance (version 3) overtakes the triage (version 2) on the bus.
        await host.PublishAsync(family.StatusChanged(referral, "accept", "triaged", "accepted", version: 3));
        await host.WaitForInboxAsync(2);
        await host.PublishAsync(family.StatusChanged(referral, "triage", "received", "triaged", version: 2));
        await host.WaitForInboxAsync(3);
        Assert.Equal("accepted", await StatusAsync(host, family, referral));
        Assert.Equal(1, await host.CountAsync("plan_referral_progress", "referral_id = @Id AND version = 3", new { Id = referral.ToString() }));

        // A newer change still applies.
        await host.PublishAsync(family.StatusChanged(referral, "schedule-intake", "accepted", "waiting", version: 4));
        await host.WaitForInboxAsync(4);
        Assert.Equal("waiting", await StatusAsync(host, family, referral));

        // Two supplements, one of them redelivered (same message) and one published again (another message): counted once each.
        var second = NewId.NextGuid();
        await host.PublishAsync(family.Supplemented(referral, version: 5, day: 24));
        await host.PublishAsync(family.Supplemented(referral, version: 6, day: 25), second);
        await host.PublishAsync(family.Supplemented(referral, version: 6, day: 25), second);
        await host.PublishAsync(family.Supplemented(referral, version: 5, day: 24));
        await Eventually.Until(() => host.Broker.AcknowledgedAsync("family-plan-referral-supplemented"), n => n >= 4, "all four deliveries to be consumed");

        var shown = await ReferralAsync(host, family, referral);
        Assert.Equal(2, shown["supplements"]!["count"]!.GetValue<int>());
        Assert.Equal(new DateTime(2026, 11, 25, 14, 0, 0, DateTimeKind.Utc), shown["supplements"]!["lastAt"]!.GetValue<DateTime>().ToUniversalTime());
        // A supplement leaves the status as it is.
        Assert.Equal("waiting", shown["status"]!.GetValue<string>());
        Assert.Equal(2, await host.CountAsync("plan_referral_supplements"));
        Assert.Equal(0, await host.Broker.WaitingAsync("family-plan-referral-status-changed_error"));
        Assert.Equal(0, await host.Broker.WaitingAsync("family-plan-referral-supplemented_error"));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Changes_and_an_acceptance_that_overtake_the_referral_are_kept_and_shown_once_it_arrives(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        var family = new FamilyEvents();
        var referral = Guid.NewGuid();

        // Everything after the submission arrives first.
        await host.PublishAsync(family.StatusChanged(referral, "accept", "triaged", "accepted", version: 3));
        await host.PublishAsync(family.Accepted(referral, Families.Sandra, FamilyEvents.AdultClinician, adult: true, minors: [Families.Daan]));
        await host.PublishAsync(family.StatusChanged(referral, "triage", "received", "triaged", version: 2));
        await host.PublishAsync(family.Supplemented(referral, version: 4, day: 24));
        await host.WaitForInboxAsync(4);
        Assert.Equal(1, await host.CountAsync("plan_tasks"));
        // Without the referral the family has nothing to show yet, to its clinician either.
        Assert.Equal(HttpStatusCode.NotFound, await host.PlanStatusAsync(FamilyEvents.AdultClinicianToken, family.FamilyId));

        // The submission (version 1) arrives last and does not take the status back to received.
        await host.PublishAsync(family.Submitted(referral, Families.Sandra, "adult", Families.Daan.As("child")));
        await host.WaitForInboxAsync(5);

        var plan = await host.PlanAsync(FamilyEvents.AdultClinicianToken, family.FamilyId);
        var sandra = Plans.Member(plan, Families.Sandra.Bsn);
        var shown = Assert.Single(sandra["referrals"]!.AsArray())!;
        Assert.Equal("accepted", shown["status"]!.GetValue<string>());
        Assert.Equal(1, shown["supplements"]!["count"]!.GetValue<int>());
        Assert.Equal(FamilyEvents.AdultClinician.Name, shown["acceptedBy"]!["name"]!.GetValue<string>());
        var task = Assert.Single(sandra["tasks"]!.AsArray())!;
        Assert.Equal("kindcheck", task["kind"]!.GetValue<string>());
        Assert.Equal("Daan de Vries", Assert.Single(task["minors"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(0, await host.Broker.WaitingAsync("family-plan-referral-status-changed_error"));
        Assert.Equal(0, await host.Broker.WaitingAsync("family-plan-referral-accepted_error"));
    }

    private static async Task<JsonNode> ReferralAsync(PlanHost host, FamilyEvents family, Guid referral)
    {
        var plan = await host.PlanAsync(Tokens.Gp(), family.FamilyId);
        return plan["members"]!.AsArray().SelectMany(m => m!["referrals"]!.AsArray()).Single(r => r!["id"]!.GetValue<Guid>() == referral)!;
    }

    private static async Task<string> StatusAsync(PlanHost host, FamilyEvents family, Guid referral) =>
        (await ReferralAsync(host, family, referral))["status"]!.GetValue<string>();
}
