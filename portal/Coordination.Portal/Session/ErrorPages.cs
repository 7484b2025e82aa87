using System.Globalization;
using System.Text.Encodings.Web;
using Coordination.Portal.Api;
using Coordination.Portal.Resources;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;

namespace Coordination.Portal.Session;

/// <summary>
/// What the portal answers when a request cannot become a page: a plain Dutch (or English) page with
/// its status, never a stack trace. Written directly rather than by re-running the request, which
/// for a form would post it a second time.
/// </summary>
public static class ErrorPages
{
    public static WebApplication UsePortalErrorPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is SessionEndedException)
                {
                    // The API no longer takes the session's token: the user signs in again and comes back here.
                    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    context.Response.Redirect(PortalAuthentication.SignInPath + "?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                    return;
                }

                var status = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
                await WriteAsync(context, status);
            },
        });
        app.UseStatusCodePages(async context =>
        {
            if (context.HttpContext.Response.ContentLength is null or 0)
            {
                await WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode);
            }
        });
        return app;
    }

    /// <summary>Refuses a form whose anti-forgery token is missing or wrong, before anything reads it (put after <c>UseAntiforgery</c>).</summary>
    public static WebApplication UseAntiforgeryRefusal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, Texts.FormExpiredTitle, Texts.FormExpiredText);
                return;
            }

            await next(context);
        });
        return app;
    }

    public static Task WriteAsync(HttpContext context, int status) => status switch
    {
        StatusCodes.Status404NotFound => WriteAsync(context, status, Texts.NotFoundTitle, Texts.NotFoundText),
        StatusCodes.Status403Forbidden => WriteAsync(context, status, Texts.AccessDeniedTitle, Texts.AccessDeniedText),
        >= 400 and < 500 => WriteAsync(context, status, Texts.BadRequestTitle, Texts.BadRequestText),
        _ => WriteAsync(context, status, Texts.ErrorTitle, Texts.ErrorText),
    };

    private static async Task WriteAsync(HttpContext context, int status, string title, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = HtmlEncoder.Default;
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>{html.Encode(title)} · Coordination</title>
            <link rel="stylesheet" href="/portal.css" /></head>
            <body><header class="top"><a class="brand" href="/">Coordination</a></header>
            <main id="inhoud"><h1>{html.Encode(title)}</h1><p>{html.Encode(text)}</p><p><a href="/">{html.Encode(Texts.BackHome)}</a></p></main></body>
            </html>
            """);
    }
}
