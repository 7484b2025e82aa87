namespace Coordination.Portal.Components;

/// <summary>
/// Which form a post submits (Blazor's <c>_handler</c> field). A server-rendered form's handler runs only when the
/// page renders that form again on the post: a form the page would no longer show (a step someone else took first,
/// a consent another parent withdrew meanwhile) is shown once more for its own post, whose handler then explains.
/// </summary>
public static class PostedForm
{
    public static string? Name(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType ? http.Request.Form["_handler"].ToString() : null;
    }
}
