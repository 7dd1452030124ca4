using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Bunit;
using CongressHub.Tests.Support;
using CongressHub.Web.Hosting;
using MudBlazor;

namespace CongressHub.Tests.Components;

/// <summary>MudBlazor's own labels (buttons, pager, pickers, grid) speak the person's language.</summary>
public class MudBlazorTextsTests : ComponentTest
{
    [Fact]
    public void NumericField_InChinese_NamesItsButtonsInChinese()
    {
        var field = Render<MudNumericField<int>>(p => p.Add(x => x.Label, "份数"));

        var labels = field.FindAll("button").Select(b => b.GetAttribute("aria-label"));

        Assert.Equal(["增加", "减少"], labels);
    }

    [Fact]
    public void NumericField_InEnglish_KeepsMudBlazorsEnglish()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = WebSetup.Cultures[1];

        var field = Render<MudNumericField<int>>(p => p.Add(x => x.Label, "Copies"));

        var labels = field.FindAll("button").Select(b => b.GetAttribute("aria-label"));

        Assert.Equal(["Increment", "Decrement"], labels);
    }

    [Fact]
    public void Pagination_InChinese_NamesItsPagesInChinese()
    {
        var pager = Render<MudPagination>(p => p.Add(x => x.Count, 5).Add(x => x.ShowFirstButton, true).Add(x => x.ShowLastButton, true));

        var labels = pager.FindAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")).ToList();

        Assert.Contains("第一页", labels);
        Assert.Contains("最后一页", labels);
        Assert.Contains("第 2 页", labels);
    }

    [Fact]
    public void EveryMudBlazorText_HasChinese_WithTheSamePlaceholders()
    {
        var english = MudBlazorsEnglish();
        var texts = new MudBlazorTexts();

        var missing = english.Keys.Where(k => texts[k].ResourceNotFound).ToList();
        var mismatched = english.Where(e => !texts[e.Key].ResourceNotFound && Placeholders(texts[e.Key].Value) != Placeholders(e.Value)).Select(e => e.Key).ToList();

        Assert.True(english.Count > 100, $"Only {english.Count} texts read from MudBlazor: its resource is no longer where it was.");
        Assert.True(missing.Count == 0, "No Chinese for MudBlazor's " + string.Join(", ", missing));
        Assert.True(mismatched.Count == 0, "Placeholders differ from MudBlazor's English in " + string.Join(", ", mismatched));
    }

    [Fact]
    public void InEnglish_NothingIsFound_SoMudBlazorUsesItsOwn()
    {
        CultureInfo.CurrentUICulture = WebSetup.Cultures[1];

        Assert.True(new MudBlazorTexts()["MudInput_Increment"].ResourceNotFound);
    }

    private static Dictionary<string, string> MudBlazorsEnglish()
    {
        var resources = new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudButton).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        return resources.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
    }

    private static string Placeholders(string text) =>
        string.Join(",", Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Order());
}
