using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Ijw;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundingRoute.Api.Endpoints;

// The steps after the request: the municipality's JW316 (a receipt, or a return with retour codes), JW301 and JW319; the provider's corrected JW315, JW305 and JW307.
public static partial class AssignmentEndpoints
{
    private static async Task<Results<Ok<AssignmentView>, ValidationProblem, ProblemHttpResult>> StepAsync(
        Guid id, AssignmentStep step, AssignmentStepRequest request, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var party = AssignmentParty.Of(http.User);
        var found = await store.FindAsync(id, ct);
        var entry = Entry(access, http.User, AuditAction.Update, allowed: true, id.ToString(), found?.Row.SubjectBsn);
        if (AssignmentLifecycle.MayAccess(party, found?.Row, step) is { } refused)
        {
            await access.DeniedAsync(entry, ct);
            return refused.ToProblem();
        }

        var (row, caller) = (found!.Value.Row, party!);
        if (AssignmentLifecycle.MayTake(step, row, caller.Actor) is { } outOfTurn)
        {
            return outOfTurn.ToProblem();
        }

        var change = AssignmentLifecycle.Apply(step, row, new AssignmentStepInput(request.InvestigatingResidence, request.From, request.To, request.Reason, request.On, request.Codes, request.ProductCategory), today);
        if (change.Error is { } invalid)
        {
            return JsonBody.Invalid(invalid.Field, invalid.Message);
        }

        var by = http.User.Id() ?? caller.Code;
        var stored = await store.RunAsync(async write =>
        {
            if (!await AssignmentStore.UpdateAsync(write, change.Changed, step.Message, today, by, change.Detail))
            {
                return false;
            }

            // The new municipality of a moved young person assigned: help begun before the move is its to pay from now.
            if (step == AssignmentLifecycle.Assign)
            {
                await InterventionRouteStore.DecideAgainForMovedAsync(write, access, row.SubjectBsn);
            }

            write.Audit(entry);
            return true;
        }, ct);
        if (!stored)
        {
            return AssignmentLifecycle.Changed.ToProblem();
        }

        var reread = (await store.FindAsync(id, ct))!.Value;
        return TypedResults.Ok(View(reread.Row, reread.Messages, caller, today));
    }
}
