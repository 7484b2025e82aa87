using Consent.Api.Domain;
using Consent.Contracts;
using MassTransit;

namespace Consent.Api.Consumers;

/// <summary>
/// Answers a reading service's question at the moment it reads: per member, on what ground the
/// viewer may see their data now. A read of the consent state, so no inbox: asking twice is harmless.
/// </summary>
public sealed class ConsentCheckConsumer(ConsentJudge judge) : IConsumer<CheckConsent>
{
    /// <summary>The most members one check may ask about: a household, not a population.</summary>
    public const int MaxSubjects = 50;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<CheckConsent> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Message;
        var answers = new List<SubjectAccess>();
        foreach (var subject in request.Subjects.Distinct().Take(MaxSubjects))
        {
            answers.Add(await judge.CheckAsync(request.FamilyId, request.Viewer, subject, request.Purposes, context.CancellationToken));
        }

        await context.RespondAsync(new ConsentCheckAnswer(answers));
    }
}
