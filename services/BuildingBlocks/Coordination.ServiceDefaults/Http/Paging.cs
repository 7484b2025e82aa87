namespace Coordination.ServiceDefaults.Http;

/// <summary>A page asked for by <c>page</c> (from 1) and <c>pageSize</c>: the one check every paged list gets.</summary>
/// <param name="Number">The page, from 1.</param>
/// <param name="Size">How many a page holds.</param>
public sealed record Paging(int Number, int Size)
{
    /// <summary>The highest page number asked for; beyond it a list is not paged through but filtered.</summary>
    public const int MaxPage = 10_000;

    /// <summary>How many to skip to reach the page.</summary>
    public int Skip => (Number - 1) * Size;

    /// <summary>
    /// The page asked for, defaults filled in; an error per field out of range goes into
    /// <paramref name="errors"/> (page 1 to <see cref="MaxPage"/>, size 1 to <paramref name="maxSize"/>).
    /// </summary>
    public static Paging Read(int? page, int? pageSize, int defaultSize, int maxSize, string items, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"Pages count from 1 to {MaxPage}."];
        }

        if (pageSize is < 1 || pageSize > maxSize)
        {
            errors["pageSize"] = [$"A page holds 1 to {maxSize} {items}."];
        }

        return new Paging(page ?? 1, pageSize ?? defaultSize);
    }
}
