using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// Every answer may hold a client's data (JSON, a referral letter, an invitation, the access log), so
/// none is kept by a browser or proxy cache and none is content-sniffed: <c>Cache-Control: no-store</c>
/// and <c>X-Content-Type-Options: nosniff</c>, unless the answer already says otherwise (the gateway
/// passes on what the service set).
/// </summary>
public static class ResponseHeaders
{
    /// <summary>Adds both headers to every response of the host.</summary>
    public static IApplicationBuilder UseNoStoreNoSniff(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                if (!headers.ContainsKey(HeaderNames.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }

                headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}
