using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Tests;

/// <summary>A rule's refusal is answered in one place: each kind with its status, the rule and the field when it names them.</summary>
[Trait("Category", "Unit")]
public sealed class RefusalProblemsTests
{
    [Fact]
    public void Every_kind_of_refusal_has_its_own_status()
    {
        var statuses = Enum.GetValues<RefusalKind>().Select(RefusalProblems.StatusOf).ToList();
        Assert.Equal([404, 403, 428, 412, 409, 422, 503], statuses);
    }

    [Fact]
    public void A_broken_rule_names_the_rule_and_its_field_and_a_plain_refusal_names_neither()
    {
        var broken = Refusal.Broken("coordinator-on-team", "The coordinator is on the team.", "userId").ToProblem();
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, broken.StatusCode);
        Assert.Equal("The coordinator is on the team.", broken.ProblemDetails.Title);
        Assert.Equal(new Dictionary<string, object?> { ["rule"] = "coordinator-on-team", ["field"] = "userId" }, broken.ProblemDetails.Extensions);

        var closed = Refusal.Conflict("The plan is closed.", "plan-closed").ToProblem();
        Assert.Equal((409, "plan-closed"), (closed.StatusCode, closed.ProblemDetails.Extensions["rule"]));
        Assert.False(closed.ProblemDetails.Extensions.ContainsKey("field"));

        var hidden = Refusal.NotFound("No such family.").ToProblem();
        Assert.Equal(404, hidden.StatusCode);
        Assert.Empty(hidden.ProblemDetails.Extensions);
    }

    [Fact]
    public void A_named_rule_has_a_stable_problem_type_and_a_plain_refusal_keeps_the_default()
    {
        var broken = Refusal.Broken("dsm-code-known", "The suspected disorder's code is not known.", "suspectedDisorder").ToProblem();
        Assert.Equal("urn:coordination:problem:dsm-code-known", broken.ProblemDetails.Type);
        Assert.StartsWith("https://tools.ietf.org/html/rfc9110", Refusal.Forbidden("Only the organiser changes the MDO.").ToProblem().ProblemDetails.Type, StringComparison.Ordinal);
    }

    [Fact]
    public void Detail_and_facts_are_answered_beside_the_rule()
    {
        var conflict = Refusal.Conflict("The referral is closed.")
            .Because("Closed on 3 March.")
            .With("referralStatus", "closed")
            .With("allowed", new[] { "reopen" })
            .ToProblem();

        Assert.Equal("Closed on 3 March.", conflict.ProblemDetails.Detail);
        Assert.Equal("closed", conflict.ProblemDetails.Extensions["referralStatus"]);
        Assert.Equal(["reopen"], Assert.IsType<string[]>(conflict.ProblemDetails.Extensions["allowed"]));
        Assert.False(conflict.ProblemDetails.Extensions.ContainsKey("rule"));
    }
}
