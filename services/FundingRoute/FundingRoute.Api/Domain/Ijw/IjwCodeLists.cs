namespace FundingRoute.Api.Domain.Ijw;

/// <summary>One code list of the iJw standard as data: the codes with their meaning, and the release they come from.</summary>
/// <param name="Name">What the list codes.</param>
/// <param name="Release">The iJw release the codes come from.</param>
/// <param name="Codes">Each code with its meaning.</param>
public sealed record CodeList(string Name, string Release, IReadOnlyDictionary<string, string> Codes)
{
    /// <summary>Whether <paramref name="code"/> is on the list.</summary>
    public bool Has(string? code) => code is not null && Codes.ContainsKey(code);

    /// <summary>The codes, for a problem that names what would have been valid.</summary>
    public string Valid => string.Join(", ", Codes.Keys);
}

/// <summary>
/// The iJw codes the assignment lifecycle uses, as data with their release (domain.md): a new
/// release is a change here, not in the code that uses them. Only the codes domain.md names are
/// listed; the full lists of the release are not reproduced.
/// </summary>
public static class IjwCodeLists
{
    /// <summary>The iJw release of these lists.</summary>
    public const string Release = "iJw 3.2";

    public const string Request = "JW315";
    public const string Receipt = "JW316";
    public const string Assignment = "JW301";
    public const string Rejection = "JW319";
    public const string Start = "JW305";
    public const string Stop = "JW307";

    /// <summary>The retour code (WJ001) that says nothing is wrong with a part of a message.</summary>
    public const string NoRemark = "0200";

    /// <summary>The messages of the assignment lifecycle.</summary>
    public static readonly CodeList Messages = new("message", Release, new Dictionary<string, string>
    {
        [Request] = "request for assignment (provider to municipality)",
        [Receipt] = "technical receipt (municipality to provider), returning the request where it carries retour codes",
        [Assignment] = "assignment (municipality to provider)",
        [Rejection] = "answer refusing the request (municipality to provider)",
        [Start] = "start of care (provider to municipality)",
        [Stop] = "stop of care (provider to municipality)",
    });

    /// <summary>Why a municipality refuses a request (JW319).</summary>
    public static readonly CodeList RejectionReasons = new("rejection reason", Release, new Dictionary<string, string>
    {
        ["5"] = "another municipality is responsible",
        ["8"] = "woonplaatsbeginsel",
        ["9"] = "age limit reached",
    });

    /// <summary>Why care stopped (JW307).</summary>
    public static readonly CodeList StopReasons = new("stop reason", Release, new Dictionary<string, string>
    {
        ["31"] = "ended as planned (includes turning 18)",
    });

    /// <summary>The product categories assignments are requested for.</summary>
    public static readonly CodeList ProductCategories = new("product category", Release, new Dictionary<string, string>
    {
        ["54"] = "jeugd-ggz",
    });
}
