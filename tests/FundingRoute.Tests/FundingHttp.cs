using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FundingRoute.Tests;

/// <summary>Calls the tests of this project make alike.</summary>
internal static class FundingHttp
{
    /// <summary>POSTs <paramref name="body"/> as JSON, asserts a success and returns the answer.</summary>
    public static async Task<JsonNode> PostOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
