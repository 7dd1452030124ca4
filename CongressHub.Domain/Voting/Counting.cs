using System.Globalization;
using CongressHub.Domain.Common;

namespace CongressHub.Domain.Voting;

/// <summary>A delegate named to count a vote's paper ballots (计票人/监票人), shown on the projector.</summary>
public sealed class Teller
{
    private Teller() { }

    public int VoteId { get; private set; }

    public int DelegateId { get; private set; }

    public static Teller Of(int voteId, int delegateId) => new() { VoteId = voteId, DelegateId = delegateId };
}

/// <summary>
/// Counts entered by hand: the convener's count of a show of hands, or one teller's count of the paper ballots. Two
/// tellers each enter the paper count; the second entry is kept only when it agrees with the first, and the vote then
/// closes with it. Recorded with who entered it; a recount reads these counts.
/// </summary>
public sealed class CountEntry
{
    public const int WriteInsMaxLength = 1000;

    private CountEntry() { }

    public int Id { get; private set; }

    public int VoteId { get; private set; }

    /// <summary><see cref="VoteChannel.Hands"/> or <see cref="VoteChannel.Paper"/>.</summary>
    public VoteChannel Channel { get; private set; }

    /// <summary>The user who entered it: the convener for hands, the teller for paper.</summary>
    public string EnteredByUserId { get; private set; } = "";

    /// <summary>The teller whose count this is; null for a show of hands.</summary>
    public int? TellerId { get; private set; }

    /// <summary>Paper ballots returned (收回); 0 for a show of hands.</summary>
    public int Returned { get; private set; }

    /// <summary>Invalid paper ballots (废票).</summary>
    public int Invalid { get; private set; }

    public int Yes { get; private set; }

    public int No { get; private set; }

    public int Abstain { get; private set; }

    /// <summary>An election's marks per candidate, "id:n,id:n".</summary>
    public string? Marks { get; private set; }

    /// <summary>Names written in (另选他人) with their marks, one "name\tn" per line.</summary>
    public string? WriteIns { get; private set; }

    public DateTime EnteredUtc { get; private set; }

    public int Cast => Yes + No + Abstain;

    /// <summary>Valid paper ballots: returned less invalid.</summary>
    public int Valid => Returned - Invalid;

    public static CountEntry OfHands(int voteId, string userId, int yes, int no, int abstain, DateTime nowUtc) =>
        new() { VoteId = voteId, Channel = VoteChannel.Hands, EnteredByUserId = userId, Yes = yes, No = no, Abstain = abstain, EnteredUtc = nowUtc };

    public static CountEntry OfPaper(int voteId, string userId, int tellerId, PaperCount count, DateTime nowUtc) =>
        new()
        {
            VoteId = voteId,
            Channel = VoteChannel.Paper,
            EnteredByUserId = userId,
            TellerId = tellerId,
            Returned = count.Returned,
            Invalid = count.Invalid,
            Yes = count.Yes,
            No = count.No,
            Abstain = count.Abstain,
            Marks = count.Marks.Count == 0 ? null : string.Join(',', count.Marks.OrderBy(m => m.Key).Select(m => $"{m.Key}:{m.Value}")),
            WriteIns = count.WriteIns.Count == 0 ? null : string.Join('\n', count.WriteIns.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}\t{w.Value}")),
            EnteredUtc = nowUtc,
        };

    public void Replace(int yes, int no, int abstain, string userId, DateTime nowUtc) =>
        (Yes, No, Abstain, EnteredByUserId, EnteredUtc) = (yes, no, abstain, userId, nowUtc);

    public PaperCount ToCount() => new(Returned, Invalid, Yes, No, Abstain, MarksOf(Marks), WriteInsOf(WriteIns));

    internal static Dictionary<int, int> MarksOf(string? marks) =>
        string.IsNullOrEmpty(marks)
            ? []
            : marks.Split(',').Select(p => p.Split(':')).ToDictionary(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => int.Parse(p[1], CultureInfo.InvariantCulture));

    internal static Dictionary<string, int> WriteInsOf(string? writeIns) =>
        string.IsNullOrEmpty(writeIns)
            ? new(StringComparer.Ordinal)
            : writeIns.Split('\n').Select(l => l.Split('\t')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

/// <summary>One teller's count of the paper ballots: for a question its choices, for an election each candidate's marks and the names written in.</summary>
public sealed record PaperCount(int Returned, int Invalid, int Yes, int No, int Abstain, IReadOnlyDictionary<int, int> Marks, IReadOnlyDictionary<string, int> WriteIns)
{
    public int Valid => Returned - Invalid;

    /// <summary>The fields in which two counts differ, by their labels; empty when they agree.</summary>
    public IReadOnlyList<string> DiffersFrom(PaperCount other, IReadOnlyDictionary<int, string> candidateNames)
    {
        var differs = new List<string>();
        void Compare(int a, int b, string label)
        {
            if (a != b)
            {
                differs.Add(label);
            }
        }
        Compare(Returned, other.Returned, DomainText.Get("Count.Returned"));
        Compare(Invalid, other.Invalid, DomainText.Get("Count.Invalid"));
        Compare(Yes, other.Yes, DomainText.Get("Choice.Yes"));
        Compare(No, other.No, DomainText.Get("Choice.No"));
        Compare(Abstain, other.Abstain, DomainText.Get("Choice.Abstain"));
        foreach (var id in Marks.Keys.Union(other.Marks.Keys).Order())
        {
            Compare(Marks.GetValueOrDefault(id), other.Marks.GetValueOrDefault(id), candidateNames.GetValueOrDefault(id, "?"));
        }
        foreach (var name in WriteIns.Keys.Union(other.WriteIns.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Compare(WriteIns.GetValueOrDefault(name), other.WriteIns.GetValueOrDefault(name), name);
        }
        return differs;
    }

    /// <summary>
    /// Checks the count on its own: nothing negative, invalid within returned, no more choices or marks than valid
    /// ballots, write-in names that are names and not already candidates.
    /// </summary>
    public void Validate(Vote vote, IReadOnlyCollection<(int Id, string Name)> candidates)
    {
        var names = candidates.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var valid = Returned - Invalid;
        var v = new Validator()
            .Check(Returned is >= 0 and <= 100_000, nameof(Returned), "Validation.Range", DomainText.Get("Count.Returned"), 0, 100_000)
            .Check(Invalid >= 0 && Invalid <= Returned, nameof(Invalid), "Count.InvalidAboveReturned", Invalid, Returned);
        if (vote.IsElection)
        {
            v.Check(Yes == 0 && No == 0 && Abstain == 0, nameof(Yes), "Validation.ElectionNeedsCandidates")
                .Check(Marks.Keys.All(id => candidates.Any(c => c.Id == id)), nameof(Marks), "Validation.UnknownCandidate")
                .Check(Marks.Values.Concat(WriteIns.Values).All(n => n >= 0), nameof(Marks), "Count.Negative")
                .Check(Marks.Values.Concat(WriteIns.Values).All(n => n <= valid), nameof(Marks), "Count.MarksAboveValid", Math.Max(valid, 0))
                .Check((long)Marks.Values.Sum() + WriteIns.Values.Sum() <= (long)Math.Max(valid, 0) * vote.Seats, nameof(Marks), "Count.MarksAboveSeats", Math.Max(valid, 0), vote.Seats)
                .Check(WriteIns.Keys.All(n => n.Trim().Length > 0 && n == n.Trim() && n.Length <= Candidate.NameMaxLength && !n.Contains('\t') && !n.Contains('\n')), nameof(WriteIns), "Validation.TooLong", DomainText.Get("Field.CandidateName"), Candidate.NameMaxLength)
                .Check(!WriteIns.Keys.Any(names.Contains), nameof(WriteIns), "Count.WriteInIsCandidate");
        }
        else
        {
            v.Check(Yes >= 0 && No >= 0 && Abstain >= 0, nameof(Yes), "Count.Negative")
                .Check(Marks.Count == 0 && WriteIns.Count == 0, nameof(Marks), "Validation.QuestionNeedsChoice")
                .Check((long)Yes + No + Abstain <= Math.Max(valid, 0), nameof(Yes), "Count.ChoicesAboveValid", (long)Yes + No + Abstain, Math.Max(valid, 0));
        }
        v.ThrowIfInvalid();
    }
}

/// <summary>What a vote's channels brought: delegates by channel, never choices by channel for a secret vote.</summary>
public sealed record ChannelTotals(int Phone, int Recorded, int Hands, int Paper)
{
    public static readonly ChannelTotals None = new(0, 0, 0, 0);

    public int Total => Phone + Recorded + Hands + Paper;
}

/// <summary>One entered count as the console and the projector show it (唱票).</summary>
public sealed record CountEntryView(VoteChannel Channel, string EnteredBy, int? TellerId, int Returned, int Invalid, int? Yes, int? No, int? Abstain,
    IReadOnlyDictionary<int, int>? Marks, IReadOnlyDictionary<string, int>? WriteIns, DateTime EnteredUtc)
{
    public int Cast => (Yes ?? 0) + (No ?? 0) + (Abstain ?? 0);
}

public sealed record TellerView(int DelegateId, string Name);
