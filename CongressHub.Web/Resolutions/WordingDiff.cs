using DiffPlex;
using DiffPlex.Chunkers;

namespace CongressHub.Web.Resolutions;

public enum DiffKind
{
    Same = 0,
    Removed = 1,
    Added = 2,
}

/// <summary>What changed from one wording to another, character by character: Chinese has no spaces to split words on.</summary>
public static class WordingDiff
{
    public static IReadOnlyList<(DiffKind Kind, string Text)> Of(string before, string after)
    {
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, CharacterChunker.Instance);
        var parts = new List<(DiffKind, string)>();
        void Add(DiffKind kind, IEnumerable<string> pieces)
        {
            var text = string.Concat(pieces);
            if (text.Length > 0)
            {
                parts.Add((kind, text));
            }
        }
        var at = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Add(DiffKind.Same, diff.PiecesOld.Skip(at).Take(block.DeleteStartA - at));
            Add(DiffKind.Removed, diff.PiecesOld.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            Add(DiffKind.Added, diff.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB));
            at = block.DeleteStartA + block.DeleteCountA;
        }
        Add(DiffKind.Same, diff.PiecesOld.Skip(at));
        return parts;
    }
}
