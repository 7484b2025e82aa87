using System.Xml.Linq;
using Coordination.Testing;

namespace Portal.Tests;

/// <summary>Every word of the portal in both languages: Dutch (the neutral resources) and English, key for key.</summary>
public sealed class TextsTests
{
    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Repository.Root, "portal", "Coordination.Portal", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Fact]
    public void Every_Dutch_text_has_its_English_one_and_none_is_empty()
    {
        var dutch = Read("Texts.resx");
        var english = Read("Texts.en.resx");
        Assert.True(dutch.Count > 200, $"only {dutch.Count} texts");
        Assert.Equal(dutch.Keys.Order(), english.Keys.Order());
        Assert.DoesNotContain(dutch.Concat(english), t => string.IsNullOrWhiteSpace(t.Value));
        // A format's placeholders are the same in both languages.
        foreach (var (key, text) in dutch)
        {
            Assert.True(Placeholders(text).SetEquals(Placeholders(english[key])), $"{key}: \"{text}\" and \"{english[key]}\" differ in their placeholders");
        }
    }

    private static HashSet<string> Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value)];
}
