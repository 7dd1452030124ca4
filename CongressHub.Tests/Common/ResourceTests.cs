using System.Xml.Linq;

namespace CongressHub.Tests.Common;

/// <summary>Every interface string exists in Chinese and in English, and none is left empty.</summary>
public class ResourceTests
{
    [Theory]
    [InlineData("CongressHub.Domain/Resources/Messages")]
    [InlineData("CongressHub.Web/Resources/SharedResource")]
    public void ChineseAndEnglish_HaveTheSameKeys_AndNoEmptyValues(string baseName)
    {
        var zh = Read(baseName + ".resx");
        var en = Read(baseName + ".en.resx");

        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.DoesNotContain(zh, kv => string.IsNullOrWhiteSpace(kv.Value));
        Assert.DoesNotContain(en, kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void EveryKeyUsedByThePages_IsTranslated()
    {
        var keys = Read("CongressHub.Web/Resources/SharedResource.resx").Keys.ToHashSet();
        var root = Path.Combine(RepoRoot(), "CongressHub.Web");
        var used = System.IO.Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "L\\[\"([A-Za-z0-9.]+)\"").Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.'))
            .Distinct();

        var missing = used.Where(k => !keys.Contains(k)).ToList();

        Assert.True(missing.Count == 0, "Untranslated keys: " + string.Join(", ", missing));
    }

    /// <summary>
    /// Every message key the domain passes to its texts (refusals, validation, minutes, notices, history notes) is in
    /// both languages: a key missing in one would show the reader the bare key.
    /// </summary>
    [Theory]
    [InlineData("CongressHub.Domain/Resources/Messages.resx")]
    [InlineData("CongressHub.Domain/Resources/Messages.en.resx")]
    public void EveryKeyUsedByTheDomain_IsTranslated(string resource)
    {
        var keys = Read(resource).Keys.ToHashSet();
        var root = Path.Combine(RepoRoot(), "CongressHub.Domain");
        var call = new System.Text.RegularExpressions.Regex(
            "\\b(?:Get|Because|Label|System|Log|ToUser|ToDelegates|Check|MaxLength|Required|Written)\\([^;]*?\"([A-Z][A-Za-z]+\\.[A-Za-z0-9.]*[A-Za-z0-9])\"");
        var used = System.IO.Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .SelectMany(f => call.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        var missing = used.Where(k => !keys.Contains(k)).ToList();

        Assert.True(used.Count > 150, $"Only {used.Count} keys found: the pattern no longer matches how the domain names its messages.");
        Assert.True(missing.Count == 0, "Keys missing from " + resource + ": " + string.Join(", ", missing));
    }

    private static Dictionary<string, string> Read(string relative) =>
        XDocument.Load(Path.Combine(RepoRoot(), relative)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CongressHub.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("CongressHub.sln not found above the test output.");
    }
}
