using CongressHub.Domain.Common;

namespace CongressHub.Domain.Committee;

/// <summary>
/// A member of the resident self-governance committee (居民自治委员会) elected by the congress for the term; one of them
/// is its chair.
/// </summary>
public sealed class CommitteeMember
{
    private CommitteeMember() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int TermId { get; private set; }

    public string Name { get; private set; } = "";

    public int? DelegateId { get; private set; }

    /// <summary>The election (or run-off) that elected them.</summary>
    public int ElectedInVoteId { get; private set; }

    public int Marks { get; private set; }

    public bool IsChair { get; private set; }

    public DateTime SinceUtc { get; private set; }

    public static CommitteeMember Elected(int streetId, int termId, string name, int? delegateId, int voteId, int marks, DateTime nowUtc) =>
        new() { StreetId = streetId, TermId = termId, Name = name, DelegateId = delegateId, ElectedInVoteId = voteId, Marks = marks, SinceUtc = nowUtc };

    internal void SetChair(bool chair) => IsChair = chair;
}

public sealed record CommitteeMemberRow(int Id, string Name, bool IsChair, int Marks, DateTime SinceUtc);

public sealed record CommitteeView(string StreetName, string StreetSlug, int? TermNumber, IReadOnlyList<CommitteeMemberRow> Members)
{
    public CommitteeMemberRow? Chair => Members.FirstOrDefault(m => m.IsChair);
}
