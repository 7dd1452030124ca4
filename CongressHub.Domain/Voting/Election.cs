using CongressHub.Domain.Common;

namespace CongressHub.Domain.Voting;

public enum VoteKind
{
    /// <summary>Yes / no / abstain on a motion or a procedural question.</summary>
    Question = 0,

    /// <summary>An election (选举): each delegate marks up to as many candidates as there are seats.</summary>
    Election = 1,
}

/// <summary>How an election decides who is elected (CONTRACTS.md, "Arithmetic").</summary>
public enum ElectionRule
{
    /// <summary>The candidates with the most marks, as many as there are seats.</summary>
    MostVotes = 1,

    /// <summary>As <see cref="MostVotes"/>, and each elected candidate marked on more than half of the ballots cast.</summary>
    MostVotesAndHalfOfCast = 2,
}

public enum CandidateOutcome
{
    NotElected = 0,
    Elected = 1,

    /// <summary>Equal marks at the last seat: a run-off among the tied decides.</summary>
    Tied = 2,
}

/// <summary>A person standing in an election; their marks and outcome are set when the election closes.</summary>
public sealed class Candidate
{
    public const int NameMaxLength = 40;

    private Candidate() { }

    public int Id { get; private set; }

    public int VoteId { get; private set; }

    public int Position { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The delegate standing, when the candidate is one.</summary>
    public int? DelegateId { get; private set; }

    public int Marks { get; private set; }

    public CandidateOutcome Outcome { get; private set; }

    /// <summary>The livelihood project the candidate stands for, in a projects ballot (民生实事项目票决).</summary>
    public int? ProjectId { get; private set; }

    /// <summary>A name written in on paper ballots (另选他人), added when the election closes.</summary>
    public bool WriteIn { get; private set; }

    public static Candidate Of(int voteId, int position, string name, int? delegateId) =>
        new() { VoteId = voteId, Position = position, Name = name.Trim(), DelegateId = delegateId };

    public static Candidate ForProject(int voteId, int position, string title, int projectId) =>
        new() { VoteId = voteId, Position = position, Name = title.Trim(), ProjectId = projectId };

    internal static Candidate WrittenIn(int voteId, int position, string name) =>
        new() { VoteId = voteId, Position = position, Name = name.Trim(), WriteIn = true };

    internal void Settle(int marks, CandidateOutcome outcome) => (Marks, Outcome) = (marks, outcome);
}

public sealed record CandidateInput(string Name, int? DelegateId);

public sealed record ElectionInput(string Title, int Seats, ElectionRule Rule, bool Secret, IReadOnlyList<CandidateInput> Candidates)
{
    public void Validate()
    {
        var names = Candidates.Select(c => c.Name.Trim()).Where(n => n.Length > 0).ToList();
        new Validator()
            .Require(nameof(Title), Title, "Field.ElectionTitle")
            .MaxLength(nameof(Title), Title, Vote.QuestionMaxLength, "Field.ElectionTitle")
            .Check(Enum.IsDefined(Rule), nameof(Rule), "Validation.UnknownElectionRule")
            .Check(Seats is >= 1 and <= 50, nameof(Seats), "Validation.Range", DomainText.Get("Field.Seats"), 1, 50)
            .Check(names.Count == Candidates.Count, nameof(Candidates), "Validation.CandidateName")
            .Check(names.All(n => n.Length <= Candidate.NameMaxLength), nameof(Candidates), "Validation.TooLong", DomainText.Get("Field.CandidateName"), Candidate.NameMaxLength)
            .Check(names.Distinct(StringComparer.Ordinal).Count() == names.Count, nameof(Candidates), "Validation.CandidateTwice")
            // 等额选举 (as many candidates as seats) is allowed; fewer is not an election.
            .Check(names.Count >= Seats && names.Count >= 1, nameof(Candidates), "Validation.TooFewCandidates", Seats)
            .Check(names.Count <= 100, nameof(Candidates), "Validation.TooManyCandidates", 100)
            .ThrowIfInvalid();
    }
}

/// <summary>Who an election elects, from each candidate's marks (CONTRACTS.md, "Arithmetic").</summary>
public static class Elections
{
    public static string Label(this ElectionRule rule) => DomainText.Get("ElectionRule." + rule);

    public static string ApiName(this ElectionRule rule) => rule == ElectionRule.MostVotes ? "most-votes" : "most-votes-and-half-of-cast";

    /// <summary>
    /// The outcome of each candidate: the <paramref name="seats"/> with the most marks are elected (under
    /// <see cref="ElectionRule.MostVotesAndHalfOfCast"/> only those marked on more than half of the ballots); equal
    /// marks at the last seat are a tie that needs a run-off. Nobody with no marks is elected.
    /// </summary>
    public static IReadOnlyDictionary<int, CandidateOutcome> Decide(IReadOnlyDictionary<int, int> marks, int seats, int ballotsCast, ElectionRule rule)
    {
        var outcome = marks.Keys.ToDictionary(id => id, _ => CandidateOutcome.NotElected);
        var qualified = marks
            .Where(m => m.Value > 0 && (rule == ElectionRule.MostVotes || 2L * m.Value > ballotsCast))
            .OrderByDescending(m => m.Value)
            .ToList();
        if (qualified.Count <= seats)
        {
            qualified.ForEach(m => outcome[m.Key] = CandidateOutcome.Elected);
            return outcome;
        }
        var lastSeatMarks = qualified[seats - 1].Value;
        var above = qualified.Where(m => m.Value > lastSeatMarks).ToList();
        var atLast = qualified.Where(m => m.Value == lastSeatMarks).ToList();
        above.ForEach(m => outcome[m.Key] = CandidateOutcome.Elected);
        var fits = above.Count + atLast.Count <= seats;
        atLast.ForEach(m => outcome[m.Key] = fits ? CandidateOutcome.Elected : CandidateOutcome.Tied);
        return outcome;
    }
}
