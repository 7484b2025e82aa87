using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Ijw;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundingRoute.Api.Endpoints;

// The provider's JW315: a new assignment request for a referral it accepted.
public static partial class AssignmentEndpoints
{
    private static async Task<Results<Created<AssignmentView>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        AssignmentRequest request, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var category = request.ProductCategory ?? IjwCodeLists.ProductCategories.Codes.Keys.First();
        if (request.ReferralId is null)
        {
            return JsonBody.Invalid("referralId", "referralId is required.");
        }

        if (!IjwCodeLists.ProductCategories.Has(category))
        {
            return JsonBody.Invalid("productCategory", $"productCategory must be one of {IjwCodeLists.ProductCategories.Valid} ({IjwCodeLists.Release}).");
        }

        var party = AssignmentParty.Of(http.User);
        var referralId = request.ReferralId.Value;
        var entry = Entry(access, http.User, AuditAction.Create, allowed: true, objectId: null, bsn: null);
        if (AssignmentLifecycle.MayRequest(party) is { } noProvider)
        {
            await access.DeniedAsync(entry with { ObjectId = referralId.ToString() }, ct);
            return noProvider.ToProblem();
        }

        var provider = party!;
        var today = AmsterdamTime.Today(time);
        return await store.RunAsync<Results<Created<AssignmentView>, ValidationProblem, ProblemHttpResult>>(async write =>
        {
            var route = await AssignmentStore.RouteAsync(write, referralId);
            if (AssignmentLifecycle.MayRequestFor(provider, route) is { } notTheirs)
            {
                write.Audit(entry with { Outcome = "denied", CheckAuthorisation = CheckResult.Failed, ObjectId = referralId.ToString(), ClientBsn = route?.SubjectBsn });
                return notTheirs.ToProblem();
            }

            if (AssignmentLifecycle.ByRequest(route!) is { } notByRequest)
            {
                return notByRequest.ToProblem();
            }

            if (await AssignmentStore.ExistingAsync(write, referralId, provider.Code) is { } existing)
            {
                return AssignmentLifecycle.AlreadyRequested(existing).ToProblem();
            }

            var row = AssignmentLifecycle.Request(referralId, route!, provider, category, today);
            await AssignmentStore.InsertAsync(write, row, http.User.Id() ?? provider.Code);
            write.Audit(entry with { ObjectId = row.AssignmentId.ToString(), ClientBsn = row.SubjectBsn, CheckTreatmentRelationship = CheckResult.Passed });
            var view = View(row, [new AssignmentMessageRow { MessageCode = IjwCodeLists.Request, SentOn = today, SentBy = http.User.Id() ?? provider.Code, Detail = category }], provider, today);
            return TypedResults.Created($"/api/funding/assignments/{row.AssignmentId}", view);
        }, ct);
    }
}
