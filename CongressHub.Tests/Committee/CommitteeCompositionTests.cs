using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Committee;

/// <summary>
/// The self-governance committee's members and what they are besides members, checked against the make-up the seed
/// names (三.2): each community's secretary or director, people's-congress deputies and CPPCC members; the street's party
/// secretary may chair it.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class CommitteeCompositionTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private List<CongressDelegate> _seats = null!;
    private List<Community> _communities = null!;

    private CommitteeService Committee => _db.Get<CommitteeService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        await using var db = _db.NewContext();
        var streetId = _convener.StreetId!.Value;
        _communities = await db.Communities.Where(c => c.StreetId == streetId).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync();
        var term = await db.Terms.Where(t => t.StreetId == streetId && t.CommunityId == null && t.Body == VotingBody.Congress).OrderByDescending(t => t.Number).Select(t => t.Id).FirstAsync();
        var all = await db.Delegates.Where(d => d.TermId == term).OrderBy(d => d.Id).ToListAsync();
        // Elected: the first community's head, a deputy, and two resident representatives.
        _seats =
        [
            all.First(d => d.Category == DelegateCategory.CommunityHead && d.CommunityId == _communities[0].Id),
            all.First(d => d.Category == DelegateCategory.PeoplesCongressDeputy),
            .. all.Where(d => d.Category == DelegateCategory.ResidentRepresentative).Take(2),
        ];
        // The committee as this class elects it, in place of the one the demo elected.
        await db.CommitteeMembers.Where(m => m.TermId == term).ExecuteDeleteAsync();
        var vote = await db.Votes.Where(v => v.StreetId == streetId).Select(v => v.Id).FirstAsync();
        db.CommitteeMembers.AddRange(_seats.Select((d, i) => CommitteeMember.Elected(streetId, term, d.Name, d, vote, 30 - i, DateTime.UtcNow)));
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<CommitteeMemberRow> MemberAsync(int seat) => (await Committee.GetAsync(_convener)).Members.Single(m => m.Name == _seats[seat].Name);

    [Fact]
    public async Task An_Elected_Delegates_Category_Gives_Their_Roles_And_The_Make_Up_Names_What_Is_Missing()
    {
        var view = await Committee.GetAsync(_convener);

        var head = view.Members.Single(m => m.Name == _seats[0].Name);
        Assert.Equal((CommitteeRoles.CommunityHead, _communities[0].Id), (head.Roles, head.CommunityId));
        Assert.Equal(CommitteeRoles.PeoplesCongressDeputy, view.Members.Single(m => m.Name == _seats[1].Name).Roles);
        var c = view.Composition!;
        Assert.Equal(_communities.Skip(1).Select(x => x.Name), c.CommunitiesWithoutHead);
        Assert.Equal((true, false, false), (c.HasDeputy, c.HasCppccMember, c.Complete));
    }

    [Fact]
    public async Task The_Convener_Records_Roles_Until_The_Make_Up_Is_Complete_And_The_Public_Page_Shows_It()
    {
        var chair = await MemberAsync(2);
        await Committee.SetChairAsync(_convener, chair.Id);
        await Committee.SetRolesAsync(_convener, chair.Id, new CommitteeRolesInput(CommitteeRoles.StreetSecretary | CommitteeRoles.CppccMember, null));
        // A community head from each of the other communities: one member heads one community; here the last member is several.
        var other = await MemberAsync(3);
        foreach (var community in _communities.Skip(1))
        {
            await Committee.SetRolesAsync(_convener, other.Id, new CommitteeRolesInput(CommitteeRoles.CommunityHead, community.Id));
        }
        var partial = (await Committee.GetAsync(_convener)).Composition!;
        Assert.Equal(_communities.Skip(1).SkipLast(1).Select(x => x.Name), partial.CommunitiesWithoutHead);
        Assert.True(partial.ChairIsStreetSecretary);

        await using (var db = _db.NewContext())
        {
            // Each community's own head joins: stored directly, as further elected members would be.
            var streetId = _convener.StreetId!.Value;
            var term = await db.CommitteeMembers.Select(m => m.TermId).FirstAsync();
            var vote = await db.CommitteeMembers.Select(m => m.ElectedInVoteId).FirstAsync();
            var heads = await db.Delegates.Where(d => d.TermId == term && d.Category == DelegateCategory.CommunityHead).ToListAsync();
            db.CommitteeMembers.AddRange(_communities.Skip(1).SkipLast(1).Select(x => CommitteeMember.Elected(streetId, term, "委员" + x.Name, heads.First(h => h.CommunityId == x.Id), vote, 20, DateTime.UtcNow)));
            await db.SaveChangesAsync();
        }

        var complete = (await Committee.GetPublicAsync("shiyan"))!;
        Assert.True(complete.Composition!.Complete);
        Assert.Equal("街道书记 · 政协委员", CommitteeRoleLabels.Describe(complete.Chair!.Roles, complete.Chair.CommunityName));
        Assert.Equal($"{_communities[^1].Name}书记/主任", CommitteeRoleLabels.Describe(complete.Members.Single(m => m.Id == other.Id).Roles, complete.Members.Single(m => m.Id == other.Id).CommunityName));
    }

    [Fact]
    public async Task Bad_Roles_Are_Refused_And_Only_The_Streets_Convener_Records_Them()
    {
        var member = await MemberAsync(0);
        await using var db = _db.NewContext();
        var elsewhere = await db.Communities.Where(c => c.StreetId != _convener.StreetId).Select(c => c.Id).FirstAsync();

        var noCommunity = await Assert.ThrowsAsync<ValidationFailedException>(() => Committee.SetRolesAsync(_convener, member.Id, new CommitteeRolesInput(CommitteeRoles.CommunityHead, null)));
        Assert.Contains(noCommunity.Errors, e => e.Field == nameof(CommitteeRolesInput.CommunityId));
        var otherStreet = await Assert.ThrowsAsync<ValidationFailedException>(() => Committee.SetRolesAsync(_convener, member.Id, new CommitteeRolesInput(CommitteeRoles.CommunityHead, elsewhere)));
        Assert.Contains(otherStreet.Errors, e => e.Field == nameof(CommitteeRolesInput.CommunityId));
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() => Committee.SetRolesAsync(_convener, member.Id, new CommitteeRolesInput((CommitteeRoles)64, null)));
        Assert.Contains(unknown.Errors, e => e.Field == nameof(CommitteeRolesInput.Roles));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Committee.SetRolesAsync(await _db.ActorAsync("staff01"), member.Id, new CommitteeRolesInput(CommitteeRoles.CppccMember, null)));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Committee.SetRolesAsync(await _db.ActorAsync("convener2"), member.Id, new CommitteeRolesInput(CommitteeRoles.CppccMember, null)));

        var unchanged = await MemberAsync(0);
        Assert.Equal((CommitteeRoles.CommunityHead, _communities[0].Id), (unchanged.Roles, unchanged.CommunityId));
    }
}
