using Coordination.ServiceDefaults.Http;

namespace Consent.Api.Endpoints;

/// <summary>The consent service's API: its one route group, made once, and the features mapped on it.</summary>
public static class ConsentApi
{
    /// <summary>Maps <c>/api/consents</c>: declaring, reading and withdrawing consent, the access log, emergency access and child-protection measures.</summary>
    public static IEndpointRouteBuilder MapConsentApi(this IEndpointRouteBuilder app)
    {
        var consents = app.MapApiGroup("/api/consents").WithTags("Consents");
        ConsentEndpoints.MapConsents(consents);
        return app;
    }
}
