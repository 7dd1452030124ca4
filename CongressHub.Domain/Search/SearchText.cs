using System.Globalization;
using System.Text;

namespace CongressHub.Domain.Search;

/// <summary>
/// The words a search looks for, as the search index stores them (<see cref="SearchGram"/>). Chinese is written without
/// spaces and its words are mostly two characters long (电梯, 加装), so a text is cut into runs of letters and digits
/// (anything else, spaces and punctuation included, ends a run) and each run into every pair of neighbouring
/// characters, plus its last character alone. A search then needs each pair of its own runs, or for a run of one
/// character a gram that starts with it: every item that contains the search's text has them all, so the index only
/// narrows the rows that the exact comparison reads.
/// </summary>
public static class SearchText
{
    /// <summary>
    /// The most grams one search asks the index for: more narrow little further and each is one more list to read; and
    /// with the records' table they stay within the 8 tables PostgreSQL orders freely in one join (join_collapse_limit).
    /// </summary>
    public const int MaxQueryGrams = 6;

    /// <summary>
    /// The distinct grams of an item's texts (a resolution's title, text and number; a tracked item's text, answer and
    /// decision), each of one or two characters, lower-case and half-width. For writing the index in bulk.
    /// </summary>
    public static IReadOnlySet<string> Grams(params IEnumerable<string?> texts)
    {
        var grams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var run in Runs(text))
            {
                for (var i = 0; i + 1 < run.Count; i++)
                {
                    grams.Add(run[i].ToString() + run[i + 1].ToString());
                }
                grams.Add(run[^1].ToString());
            }
        }
        return grams;
    }

    /// <summary>
    /// What the index must hold for an item to contain every one of <paramref name="terms"/>: the pairs of characters
    /// of their runs, or, when they have none, the single characters that some gram of the item starts with.
    /// Empty when the terms have no letter or digit at all (the search then reads the street's rows without the index).
    /// </summary>
    public static SearchQuery Query(IEnumerable<string> terms)
    {
        var pairs = new List<string>();
        var singles = new List<string>();
        foreach (var run in terms.SelectMany(Runs))
        {
            if (run.Count == 1)
            {
                singles.Add(run[0].ToString());
            }
            for (var i = 0; i + 1 < run.Count; i++)
            {
                pairs.Add(run[i].ToString() + run[i + 1].ToString());
            }
        }
        // Fewer grams only widen the candidates, which the exact comparison then narrows: any choice is correct, and
        // grams spread over the whole search narrow best.
        return pairs.Count > 0
            ? new SearchQuery(Spread(pairs.Distinct(StringComparer.Ordinal).ToList()), [])
            : new SearchQuery([], Spread(singles.Distinct(StringComparer.Ordinal).ToList()));
    }

    /// <summary>
    /// The runs of letters and digits of <paramref name="text"/>, each character lower-cased and brought to its
    /// compatibility form (NFKC: full-width ２ and Ａ are 2 and a) one at a time, so that a text's part gives part of
    /// the text's runs.
    /// </summary>
    internal static List<List<Rune>> Runs(string? text)
    {
        var runs = new List<List<Rune>>();
        if (string.IsNullOrEmpty(text))
        {
            return runs;
        }
        var run = new List<Rune>();
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v < 0x80)
            {
                Add(v is >= 'A' and <= 'Z' ? new Rune(v + 32) : rune);
            }
            else if (v is >= 0x4E00 and <= 0x9FFF)
            {
                run.Add(rune); // CJK unified ideographs have no case and are their own compatibility form.
            }
            else
            {
                var s = rune.ToString();
                if (!s.IsNormalized(NormalizationForm.FormKC))
                {
                    s = s.Normalize(NormalizationForm.FormKC);
                }
                foreach (var r in s.EnumerateRunes())
                {
                    Add(Rune.ToLowerInvariant(r));
                }
            }
        }
        if (run.Count > 0)
        {
            runs.Add(run);
        }
        return runs;

        void Add(Rune r)
        {
            if (IsWordPart(r))
            {
                run.Add(r);
            }
            else if (run.Count > 0)
            {
                runs.Add(run);
                run = [];
            }
        }
    }

    /// <summary>
    /// The character after <paramref name="c"/> in the order of code points (the order of SQLite's and of PostgreSQL's
    /// "C" collation): grams that start with <paramref name="c"/> sort from it to just before this one; null after the last.
    /// </summary>
    internal static string? After(string c) => Rune.GetRuneAt(c, 0).Value switch
    {
        0x10FFFF => null,
        0xD7FF => "\uE000",
        var v => char.ConvertFromUtf32(v + 1),
    };

    private static bool IsWordPart(Rune r) =>
        Rune.IsLetterOrDigit(r) || Rune.IsNumber(r)
        || Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static List<string> Spread(List<string> grams) =>
        grams.Count <= MaxQueryGrams ? grams
        : Enumerable.Range(0, MaxQueryGrams).Select(i => grams[i * (grams.Count - 1) / (MaxQueryGrams - 1)]).ToList();
}

/// <summary>
/// What a search asks of the index (<see cref="SearchText.Query"/>): every gram of <see cref="Grams"/>, and for each of
/// <see cref="Starts"/> a gram starting with it. Empty when the search has nothing the index can look for.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<string> Grams, IReadOnlyList<string> Starts)
{
    public bool IsEmpty => Grams.Count == 0 && Starts.Count == 0;
}
