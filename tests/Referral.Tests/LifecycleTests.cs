using Referral.Api.Domain;
using static Referral.Api.Domain.ReferralLifecycle;

namespace Referral.Tests;

/// <summary>
/// The referral's lifecycle (domain.md, "Referral"; issue 8): which step is allowed from which
/// status, and by whom. The whole table is pinned, so a step added or lost shows here.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LifecycleTests
{
    public static TheoryData<string, string[]> Table => new()
    {
        { ReferralStatuses.Received, ["triage", "cancel", "supplement"] },
        { ReferralStatuses.Redirected, ["triage", "cancel", "supplement"] },
        { ReferralStatuses.Triaged, ["accept", "reject", "redirect", "cancel", "supplement"] },
        { ReferralStatuses.Accepted, ["schedule-intake", "cancel", "supplement"] },
        { ReferralStatuses.Waiting, ["schedule-intake", "start-treatment", "cancel", "supplement"] },
        { ReferralStatuses.InTreatment, ["close", "supplement"] },
        { ReferralStatuses.Rejected, [] },
        { ReferralStatuses.Closed, [] },
        { ReferralStatuses.Cancelled, [] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_status_allows_exactly_its_steps(string status, string[] steps) =>
        Assert.Equal(steps, Allowed(status).Select(s => s.Name).ToArray());

    [Fact]
    public void The_table_covers_every_status_and_every_step_leads_somewhere_known()
    {
        Assert.Equal(ReferralStatuses.All.Order(), Table.Select(row => (string)row[0]).Order());
        Assert.All(Steps.Where(s => s.To is not null), s => Assert.Contains(s.To, ReferralStatuses.All));
    }

    [Fact]
    public void The_happy_path_runs_from_received_to_closed()
    {
        var status = ReferralStatuses.Received;
        foreach (var step in new[] { Triage, Accept, ScheduleIntake, StartTreatment, Close })
        {
            Assert.True(CanTake(status, step), $"{step.Name} from {status}");
            status = step.To!;
        }

        Assert.Equal(ReferralStatuses.Closed, status);
        Assert.True(IsEnded(status));
    }

    [Theory]
    [InlineData(ReferralStatuses.Received, true)]
    [InlineData(ReferralStatuses.Waiting, true)]
    [InlineData(ReferralStatuses.InTreatment, false)] // treatment has started: too late to cancel
    [InlineData(ReferralStatuses.Closed, false)]
    public void The_referrer_may_cancel_until_treatment_starts(string status, bool allowed) =>
        Assert.Equal(allowed, CanTake(status, Cancel));

    [Theory]
    [InlineData(ReferralStatuses.InTreatment, true)]
    [InlineData(ReferralStatuses.Closed, false)]
    [InlineData(ReferralStatuses.Rejected, false)]
    public void The_referrer_may_supplement_until_closure(string status, bool allowed) =>
        Assert.Equal(allowed, CanTake(status, Supplement));

    [Fact]
    public void The_referrer_makes_only_the_referrers_steps_and_the_receiver_only_the_receivers()
    {
        Assert.Equal(["cancel", "supplement"], AllowedFor(ReferralStatuses.Triaged, ReferralParty.Referrer).Select(s => s.Name));
        Assert.Equal(["accept", "reject", "redirect"], AllowedFor(ReferralStatuses.Triaged, ReferralParty.Receiver).Select(s => s.Name));
        Assert.False(CanTake(ReferralStatuses.Received, Accept)); // no acceptance without triage
        Assert.Null(StepNamed("approve"));
        Assert.Empty(Allowed("unknown"));
    }
}
