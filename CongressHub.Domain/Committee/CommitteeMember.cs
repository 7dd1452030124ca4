using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;

namespace CongressHub.Domain.Committee;

/// <summary>
/// What a committee member is besides a member (seed 三.2): the committee's chair may be the street's party secretary, and
/// its members are to include each community's secretary or director and deputies to the people's congresses and members
/// of the CPPCC. One person may be several.
/// </summary>
[Flags]
public enum CommitteeRoles
{
    None = 0,

    /// <summary>街道书记: the street's party secretary.</summary>
    StreetSecretary = 1,

    /// <summary>社区书记/主任: a community's party secretary or director (of <see cref="CommitteeMember.CommunityId"/>).</summary>
    CommunityHead = 2,

    /// <summary>人大代表: a deputy to a people's congress, at any level.</summary>
    PeoplesCongressDeputy = 4,

    /// <summary>政协委员: a member of a CPPCC committee, at any level.</summary>
    CppccMember = 8,
}

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

    public CommitteeRoles Roles { get; private set; }

    /// <summary>The community a <see cref="CommitteeRoles.CommunityHead"/> heads.</summary>
    public int? CommunityId { get; private set; }

    /// <summary>An elected member; a delegate's category gives their first roles, which the convener corrects.</summary>
    public static CommitteeMember Elected(int streetId, int termId, string name, CongressDelegate? seat, int voteId, int marks, DateTime nowUtc)
    {
        var member = new CommitteeMember
        {
            StreetId = streetId, TermId = termId, Name = name, DelegateId = seat?.Id, ElectedInVoteId = voteId, Marks = marks, SinceUtc = nowUtc,
        };
        (member.Roles, member.CommunityId) = seat?.Category switch
        {
            DelegateCategory.CommunityHead when seat.CommunityId is { } community => (CommitteeRoles.CommunityHead, community),
            DelegateCategory.PeoplesCongressDeputy => (CommitteeRoles.PeoplesCongressDeputy, (int?)null),
            DelegateCategory.CppccMember => (CommitteeRoles.CppccMember, null),
            _ => (CommitteeRoles.None, null),
        };
        return member;
    }

    internal void SetChair(bool chair) => IsChair = chair;

    /// <summary>Sets what the member is besides a member; a community head names their community, no one else does.</summary>
    public void SetRoles(CommitteeRolesInput input)
    {
        input.Validate();
        (Roles, CommunityId) = (input.Roles, input.Roles.HasFlag(CommitteeRoles.CommunityHead) ? input.CommunityId : null);
    }
}

public sealed record CommitteeRolesInput(CommitteeRoles Roles, int? CommunityId)
{
    public void Validate() =>
        new Validator()
            .Check(((int)Roles & ~15) == 0, nameof(Roles), "Committee.UnknownRole")
            .Check(!Roles.HasFlag(CommitteeRoles.CommunityHead) || CommunityId is not null, nameof(CommunityId), "Committee.HeadNeedsCommunity")
            .ThrowIfInvalid();
}

public sealed record CommitteeMemberRow(int Id, string Name, bool IsChair, int Marks, DateTime SinceUtc, CommitteeRoles Roles = CommitteeRoles.None,
    int? CommunityId = null, string? CommunityName = null);

/// <summary>
/// The committee's make-up against the seed (三.2): which communities have no secretary or director on it, and whether
/// it has a people's-congress deputy and a CPPCC member. Empty committees are not checked.
/// </summary>
public sealed record CommitteeComposition(IReadOnlyList<string> CommunitiesWithoutHead, bool HasDeputy, bool HasCppccMember, bool ChairIsStreetSecretary)
{
    public bool Complete => CommunitiesWithoutHead.Count == 0 && HasDeputy && HasCppccMember;
}

public sealed record CommitteeView(string StreetName, string StreetSlug, int? TermNumber, IReadOnlyList<CommitteeMemberRow> Members,
    CommitteeComposition? Composition = null, IReadOnlyList<(int Id, string Name)>? Communities = null)
{
    public CommitteeMemberRow? Chair => Members.FirstOrDefault(m => m.IsChair);
}

public static class CommitteeRoleLabels
{
    public static readonly IReadOnlyList<CommitteeRoles> Each =
        [CommitteeRoles.StreetSecretary, CommitteeRoles.CommunityHead, CommitteeRoles.PeoplesCongressDeputy, CommitteeRoles.CppccMember];

    /// <summary>"东风社区书记/主任 · 人大代表": each role of the member, the community head's with its community.</summary>
    public static string Describe(CommitteeRoles roles, string? community) =>
        string.Join(" · ", Each.Where(r => roles.HasFlag(r)).Select(r => r == CommitteeRoles.CommunityHead && community is not null
            ? DomainText.Get("CommitteeRole.CommunityHeadOf", community) : DomainText.Get("CommitteeRole." + r)));
}
