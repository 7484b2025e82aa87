namespace Coordination.Portal.Components;

/// <summary>
/// The form a post submits (Blazor's <c>_handler</c> field). A server-rendered form's handler runs only when the
/// page renders that form again on the post: a form the page would no longer show (a step someone else took first,
/// a consent another parent withdrew meanwhile) is shown once more for its own post, whose handler then explains.
/// </summary>
public sealed class PostedForm(HttpContext http)
{
    private readonly string? _name = HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType ? http.Request.Form["_handler"].ToString() : null;
    private bool _handled;

    /// <summary>Whether the form named <paramref name="form"/> was posted and its handler has not run yet: render it even if no longer offered.</summary>
    public bool Pending(string form) => !_handled && _name == form;

    /// <summary>The handler ran: the page shows what is offered now.</summary>
    public void Handled() => _handled = true;
}
