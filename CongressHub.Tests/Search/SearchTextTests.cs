using CongressHub.Domain.Search;
using FsCheck;
using FsCheck.Fluent;

namespace CongressHub.Tests.Search;

/// <summary>How texts and searches are cut into grams: Chinese pairs, numbers, case and full width, and what splits a run.</summary>
public class SearchTextTests
{
    [Fact]
    public void Grams_OfChineseText_AreItsPairsAndItsLastCharacter()
    {
        var grams = SearchText.Grams("加装电梯");

        Assert.Equal(Sorted("加装", "装电", "电梯", "梯"), Sorted([.. grams]));
    }

    [Fact]
    public void Grams_SplitAtSpacesAndPunctuation_AndEachCharacterAloneIsAGram()
    {
        var grams = SearchText.Grams("电梯，坏了! A");

        Assert.Equal(Sorted("电梯", "梯", "坏了", "了", "a"), Sorted([.. grams]));
    }

    [Fact]
    public void Grams_AreLowerCaseAndHalfWidth_AndDistinctOverAllTexts()
    {
        var grams = SearchText.Grams("２０２６年Ｑ３", "2026-Q3-01", null, "");

        Assert.Equal(Sorted("20", "02", "26", "6年", "年q", "q3", "3", "6", "01", "1"), Sorted([.. grams]));
    }

    [Fact]
    public void Grams_KeepACharacterBeyondTheBasicPlane_Whole()
    {
        var grams = SearchText.Grams("𠀀𠀁");

        Assert.Equal(Sorted("𠀀𠀁", "𠀁"), Sorted([.. grams]));
        Assert.All(grams, g => Assert.True(g.Length <= SearchGram.GramMaxLength));
    }

    [Fact]
    public void Query_OfWords_NeedsTheirPairs_AndSingleCharactersOnlyWithoutPairs()
    {
        Assert.Equal(["电梯", "20", "02", "26"], SearchText.Query(["电梯", "2026", "号"]).Grams);
        Assert.Empty(SearchText.Query(["电梯", "号"]).Starts);
        var single = SearchText.Query(["电", "Q"]);
        Assert.Empty(single.Grams);
        Assert.Equal(["电", "q"], single.Starts);
    }

    [Fact]
    public void Query_OfPunctuationOnly_IsEmpty()
    {
        Assert.True(SearchText.Query(["——！", " "]).IsEmpty);
    }

    [Fact]
    public void Query_OfALongText_AsksForAFewGramsSpreadOverIt()
    {
        var text = "街道办事处关于进一步加强老旧小区物业管理和加装电梯工作的实施意见";

        var query = SearchText.Query([text]);

        Assert.Equal(SearchText.MaxQueryGrams, query.Grams.Count);
        Assert.Equal("街道", query.Grams[0]);
        Assert.Equal("意见", query.Grams[^1]);
        Assert.Subset(SearchText.Grams(text).ToHashSet(), query.Grams.ToHashSet());
    }

    [Fact]
    public void After_IsTheNextCodePoint_SkippingSurrogates()
    {
        Assert.Equal("\u7536", SearchText.After("\u7535"));
        Assert.Equal("\uE000", SearchText.After("\uD7FF"));
        Assert.Equal(char.ConvertFromUtf32(0x20001), SearchText.After("𠀀"));
        Assert.Null(SearchText.After(char.ConvertFromUtf32(0x10FFFF)));
    }

    /// <summary>
    /// The index never loses an item: whatever part of a text a search holds (as typed, or lower-cased as the
    /// resolution search compares), every gram it asks for is among the text's grams, and every character it asks a
    /// gram to start with starts one of them.
    /// </summary>
    [Fact]
    public void Query_OfAnyPartOfAText_AsksOnlyForGramsTheTextHas()
    {
        var alphabet = "电梯加装年号楼道灯aAbQ3２０2026 -，。Ａ𠀀".EnumerateRunes().Select(r => r.ToString()).ToArray();
        var texts = Gen.ListOf(Gen.Elements(alphabet)).Select(parts => string.Concat(parts));
        var cases = from text in texts
                    from start in Gen.Choose(0, Math.Max(0, text.Length))
                    from length in Gen.Choose(0, Math.Max(0, text.Length - start))
                    from lower in Gen.Elements(false, true)
                    select (text, part: Part(lower ? text.ToLowerInvariant() : text, start, length));

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var grams = SearchText.Grams(c.text);
            var query = SearchText.Query([c.part]);
            return query.Grams.All(grams.Contains)
                && query.Starts.All(s => grams.Any(g => g.StartsWith(s, StringComparison.Ordinal)));
        }).QuickCheckThrowOnFailure();
    }

    private static string[] Sorted(params string[] grams) => grams.Order(StringComparer.Ordinal).ToArray();

    // A part that does not cut a character beyond the basic plane in two, as a search typed in a browser never does.
    private static string Part(string text, int start, int length)
    {
        if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start]))
        {
            start--;
            length++;
        }
        length = Math.Min(length, text.Length - start);
        if (length > 0 && start + length < text.Length && char.IsLowSurrogate(text[start + length]))
        {
            length++;
        }
        return text.Substring(start, length);
    }
}
