using FundingRoute.Api.Domain.Ijw;

namespace FundingRoute.Tests;

/// <summary>
/// The iJw assignment deadlines in working days (Algemene termijnenwet, domain.md): the JW316
/// within 3, the JW301 or JW319 within 5, two weeks (10) while the woonplaatsbeginsel is
/// investigated; across King's Day, Ascension Day and Christmas. Which side takes which step.
/// </summary>
[Trait("Category", "Unit")]
public sealed class AssignmentLifecycleTests
{
    [Theory]
    // King's Day 2026 is Monday 27 April: a request on Thursday 23 April has its receipt due Wednesday 29th, its answer Friday 1 May.
    [InlineData("2026-04-23", false, "2026-04-29", "2026-05-01")]
    // King's Day 2025 fell on a Sunday, so Saturday 26 April was the holiday: nothing moves for a request on Thursday 24 April 2025 but the weekend.
    [InlineData("2025-04-24", false, "2025-04-29", "2025-05-01")]
    // Ascension Day 2026 is Thursday 14 May: a request on Tuesday 12 May has its receipt due Monday 18th, its answer Wednesday 20th.
    [InlineData("2026-05-12", false, "2026-05-18", "2026-05-20")]
    // Christmas and Boxing Day 2026 on Friday and Saturday, New Year's Day on a Friday: from Wednesday 23 December the receipt is due Tuesday 29th,
    // the answer Thursday 31st, and two weeks while the woonplaatsbeginsel is investigated Friday 8 January 2027.
    [InlineData("2026-12-23", false, "2026-12-29", "2026-12-31")]
    [InlineData("2026-12-23", true, "2026-12-29", "2027-01-08")]
    // 5 May (Liberation Day) is a holiday of the Act: a request on Monday 4 May 2026 has its receipt due Friday 8th, its answer Tuesday 12th.
    [InlineData("2026-05-04", false, "2026-05-08", "2026-05-12")]
    public void Deadlines_count_working_days_past_weekends_and_general_holidays(string requested, bool residence, string receiptDue, string answerDue)
    {
        var deadlines = AssignmentLifecycle.Deadlines(Day(requested), residence);
        Assert.Equal((Day(receiptDue), Day(answerDue)), (deadlines.ReceiptDueOn, deadlines.AnswerDueOn));
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_request_is_late_the_day_after_its_deadline_and_not_once_answered()
    {
        var deadlines = AssignmentLifecycle.Deadlines(new DateOnly(2026, 11, 23), investigatingResidence: false);
        Assert.False(deadlines.ReceiptOverdue(AssignmentStatuses.Requested, new DateOnly(2026, 11, 26)));
        Assert.True(deadlines.ReceiptOverdue(AssignmentStatuses.Requested, new DateOnly(2026, 11, 27)));
        Assert.False(deadlines.ReceiptOverdue(AssignmentStatuses.Received, new DateOnly(2026, 11, 27)));
        Assert.False(deadlines.AnswerOverdue(AssignmentStatuses.Received, new DateOnly(2026, 11, 30)));
        Assert.True(deadlines.AnswerOverdue(AssignmentStatuses.Received, new DateOnly(2026, 12, 1)));
        Assert.True(deadlines.AnswerOverdue(AssignmentStatuses.Requested, new DateOnly(2026, 12, 1)));
        Assert.False(deadlines.AnswerOverdue(AssignmentStatuses.Assigned, new DateOnly(2026, 12, 1)));
        Assert.False(deadlines.AnswerOverdue(AssignmentStatuses.Rejected, new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void The_municipality_answers_and_the_provider_starts_and_stops_each_in_turn()
    {
        Assert.Equal(["receipt", "return", "assignment", "rejection"], AssignmentLifecycle.Allowed(AssignmentStatuses.Requested, AssignmentLifecycle.Municipality));
        Assert.Equal(["assignment", "rejection"], AssignmentLifecycle.Allowed(AssignmentStatuses.Received, AssignmentLifecycle.Municipality));
        Assert.Empty(AssignmentLifecycle.Allowed(AssignmentStatuses.Requested, AssignmentLifecycle.Provider));
        Assert.Equal(["start"], AssignmentLifecycle.Allowed(AssignmentStatuses.Assigned, AssignmentLifecycle.Provider));
        Assert.Equal(["stop"], AssignmentLifecycle.Allowed(AssignmentStatuses.Started, AssignmentLifecycle.Provider));
        Assert.Empty(AssignmentLifecycle.Allowed(AssignmentStatuses.Rejected, AssignmentLifecycle.Municipality));
        Assert.Empty(AssignmentLifecycle.Allowed(AssignmentStatuses.Stopped, AssignmentLifecycle.Provider));
        Assert.Equal(["JW316", "JW316", "JW315", "JW301", "JW319", "JW305", "JW307"], AssignmentLifecycle.Steps.Select(s => s.Message));
    }

    [Fact]
    public void The_code_lists_are_data_of_their_release()
    {
        Assert.All(new[] { IjwCodeLists.Messages, IjwCodeLists.RejectionReasons, IjwCodeLists.StopReasons, IjwCodeLists.ProductCategories },
            list => Assert.Equal("iJw 3.2", list.Release));
        Assert.Equal(["5", "8", "9"], IjwCodeLists.RejectionReasons.Codes.Keys);
        Assert.Equal("woonplaatsbeginsel", IjwCodeLists.RejectionReasons.Codes["8"]);
        Assert.True(IjwCodeLists.StopReasons.Has("31"));
        Assert.False(IjwCodeLists.StopReasons.Has("3"));
        Assert.False(IjwCodeLists.RejectionReasons.Has(null));
        Assert.Equal("jeugd-ggz", IjwCodeLists.ProductCategories.Codes["54"]);
    }
}
