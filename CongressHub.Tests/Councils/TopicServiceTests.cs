using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Notices;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Councils;

/// <summary>Topics of a community's residents' council: proposing, vetting, supports with a confirmed address, the threshold.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public sealed class TopicServiceTests : IAsyncLifetime
{
    private const string Email = "Supporter@Example.cn";
    private const string Stored = "supporter@example.cn";

    private readonly RecordingChannel _email = new(NoticeChannel.Email);
    private readonly RecordingChannel _sms = new(NoticeChannel.Sms);
    private TestDatabase _db = null!;
    private Actor _staff = null!;
    private Actor _otherStaff = null!;
    private Actor _convener = null!;
    private Actor _otherConvener = null!;
    private int _community;
    private int _otherCommunity;
    private int _otherStreetCommunity;

    private TopicService Topics => _db.Get<TopicService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(services: s =>
        {
            s.AddSingleton<INoticeChannel>(_email);
            s.AddSingleton<INoticeChannel>(_sms);
        });
        _staff = await _db.ActorAsync("staff01");
        _otherStaff = await _db.ActorAsync("staff02");
        _convener = await _db.ActorAsync("convener");
        _otherConvener = await _db.ActorAsync("convener2");
        _community = _staff.CommunityId!.Value;
        _otherCommunity = _otherStaff.CommunityId!.Value;
        _otherStreetCommunity = (await _db.ActorAsync("staff06")).CommunityId!.Value;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static TopicInput Input(string title = "楼下空地改建儿童游乐场", string? label = "6号楼居民") =>
        new(title, "空地长期闲置，建议改建儿童游乐场。", TopicProposer.Resident, label);

    private Task<int> ProposeAsync(string title = "楼下空地改建儿童游乐场") => Topics.ProposePublicAsync("shiyan", _community, Input(title));

    private async Task<Topic> TopicAsync(int id)
    {
        await using var db = _db.NewContext();
        return await db.Topics.AsNoTracking().SingleAsync(t => t.Id == id);
    }

    private async Task<int> CountAsync()
    {
        await using var db = _db.NewContext();
        return await db.Topics.CountAsync();
    }

    private async Task<int> SupportsAsync(int id)
    {
        await using var db = _db.NewContext();
        return await db.TopicSupports.CountAsync(s => s.TopicId == id);
    }

    private string LastCode(string address) => Assert.Single(_email.Sent.Concat(_sms.Sent).Last(m => m.Address == address).Notices).Args[0];

    /// <summary>A code sent to the address and typed back; the clock moves on past the minute between two codes of one address.</summary>
    private async Task<int> SupportAsync(int topicId, string contact)
    {
        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        await Topics.SendCodeAsync("shiyan", _community, contact);
        var stored = contact.Contains('@') ? contact.Trim().ToLowerInvariant() : contact.Replace(" ", "", StringComparison.Ordinal);
        return await Topics.SupportAsync("shiyan", _community, topicId, contact, LastCode(stored));
    }

    [Fact]
    public async Task ProposePublic_StoresAProposedTopic_WithItsLabel_AndAudits()
    {
        var id = await ProposeAsync();

        var topic = await TopicAsync(id);
        Assert.Equal(TopicState.Proposed, topic.State);
        Assert.True(topic.FromPublic);
        Assert.Equal("6号楼居民", topic.ProposerLabel);
        Assert.Equal(_community, topic.CommunityId);
        await using var db = _db.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Topic.Proposed" && a.Subject == $"Topic {id}"));
    }

    [Fact]
    public async Task ProposeByStaff_OfOwnCommunity_IsStored()
    {
        var id = await Topics.ProposeAsync(_staff, _community, Input() with { ProposerKind = TopicProposer.Member });

        var topic = await TopicAsync(id);
        Assert.False(topic.FromPublic);
        Assert.Equal(TopicProposer.Member, topic.ProposerKind);
    }

    [Fact]
    public async Task ProposeByStaff_OfAnotherCommunity_IsForbidden_AndOtherStreet_NotFound()
    {
        var before = await CountAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Topics.ProposeAsync(_otherStaff, _community, Input()));
        await Assert.ThrowsAsync<NotFoundException>(() => Topics.ProposeAsync(_otherConvener, _community, Input()));
        await Assert.ThrowsAsync<NotFoundException>(() => Topics.ProposePublicAsync("xinghai", _community, Input()));
        await Assert.ThrowsAsync<NotFoundException>(() => Topics.ProposePublicAsync("shiyan", _otherStreetCommunity, Input()));

        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("title-empty", "Title")]
    [InlineData("title-long", "Title")]
    [InlineData("description-long", "Description")]
    [InlineData("kind", "ProposerKind")]
    [InlineData("label-phone", "ProposerLabel")]
    [InlineData("label-email", "ProposerLabel")]
    public async Task Propose_WithABadField_IsRefusedNamingIt_AndStoresNothing(string bad, string field)
    {
        var input = bad switch
        {
            "title-empty" => Input(title: "  "),
            "title-long" => Input(title: new string('题', Topic.TitleMaxLength + 1)),
            "description-long" => Input() with { Description = new string('长', Topic.DescriptionMaxLength + 1) },
            "kind" => Input() with { ProposerKind = (TopicProposer)99 },
            "label-phone" => Input(label: "王阿姨 139 1234 5678"),
            _ => Input(label: "wang@example.cn"),
        };
        var before = await CountAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.ProposePublicAsync("shiyan", _community, input));

        Assert.NotNull(refused.ErrorFor(field));
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData(CouncilMeetingKind.OpinionCollection)]
    [InlineData(CouncilMeetingKind.TopicDiscussion)]
    [InlineData(CouncilMeetingKind.Decision)]
    public async Task Accept_ByOwnStaff_TakesItUpForTheMeeting(CouncilMeetingKind kind)
    {
        var id = await ProposeAsync();

        await Topics.AcceptAsync(_staff, id, kind);

        var topic = await TopicAsync(id);
        Assert.Equal(TopicState.Accepted, topic.State);
        Assert.Equal(kind, topic.MeetingKind);
        await using var db = _db.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Topic.Accepted" && a.Subject == $"Topic {id}"));
    }

    [Fact]
    public async Task Vetting_ByStaffOfAnotherCommunity_IsForbidden_ByAnotherStreet_NotFound_ByTheConvener_Allowed()
    {
        var id = await ProposeAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Topics.AcceptAsync(_otherStaff, id, CouncilMeetingKind.Decision));
        await Assert.ThrowsAsync<NotFoundException>(() => Topics.DeclineAsync(_otherConvener, id, "不属于本街道"));
        await Assert.ThrowsAsync<ForbiddenException>(() => Topics.ListAsync(_otherStaff, _community));
        await Assert.ThrowsAsync<NotFoundException>(() => Topics.ListAsync(_otherConvener, _community));
        Assert.Equal(TopicState.Proposed, (await TopicAsync(id)).State);

        await Topics.AnswerAsync(_convener, id, "已由物业统一安排。");
        Assert.Equal(TopicState.Answered, (await TopicAsync(id)).State);
    }

    [Fact]
    public async Task Decline_And_Answer_NeedAPublicReason_WithinItsLength()
    {
        var id = await ProposeAsync();

        var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.DeclineAsync(_staff, id, " "));
        var empty2 = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.AnswerAsync(_staff, id, null));
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.DeclineAsync(_staff, id, new string('长', Topic.ReasonMaxLength + 1)));
        var noKind = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.AcceptAsync(_staff, id, null));

        Assert.Contains("不予受理的理由", empty.ErrorFor("Reason"));
        Assert.Contains("公开答复", empty2.ErrorFor("Reason"));
        Assert.Contains("500", tooLong.ErrorFor("Reason"));
        Assert.NotNull(noKind.ErrorFor("MeetingKind"));
        Assert.Equal(TopicState.Proposed, (await TopicAsync(id)).State);

        await Topics.DeclineAsync(_staff, id, "该事项属于业主大会决定范围。");
        var topic = await TopicAsync(id);
        Assert.Equal(TopicState.Declined, topic.State);
        Assert.Equal("该事项属于业主大会决定范围。", topic.PublicReason);
    }

    [Fact]
    public async Task IllegalMoves_AreRefusedWithTheReason()
    {
        var id = await ProposeAsync();
        var other = await ProposeAsync("另一条议题");
        await Topics.DeclineAsync(_staff, id, "不予受理");

        var again = await Assert.ThrowsAsync<DomainException>(() => Topics.AcceptAsync(_staff, id, CouncilMeetingKind.Decision));
        var intoClosed = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.MergeAsync(_staff, other, id));
        var self = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.MergeAsync(_staff, other, other));

        Assert.Contains("只有待受理的议题", again.Message);
        Assert.Contains("已办结", intoClosed.ErrorFor("TargetId"));
        Assert.NotNull(self.ErrorFor("TargetId"));
        Assert.Equal(TopicState.Proposed, (await TopicAsync(other)).State);
    }

    [Fact]
    public async Task Merge_IntoATopicOfAnotherCommunity_IsRefused()
    {
        var id = await ProposeAsync();
        var elsewhere = await Topics.ProposePublicAsync("shiyan", _otherCommunity, Input("朝阳社区的议题"));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.MergeAsync(_convener, id, elsewhere));

        Assert.Contains("本社区", refused.ErrorFor("TargetId"));
        Assert.Equal(TopicState.Proposed, (await TopicAsync(id)).State);
    }

    [Fact]
    public async Task Merge_MovesTheSupportsOver_CountingAnAddressOnce()
    {
        var source = await ProposeAsync("广场路灯坏了");
        var target = await ProposeAsync("广场晚间照明");
        await SupportAsync(source, "a@example.cn");
        await SupportAsync(source, "both@example.cn");
        await SupportAsync(target, "both@example.cn");
        await SupportAsync(target, "b@example.cn");

        await Topics.MergeAsync(_staff, source, target);

        Assert.Equal(TopicState.Merged, (await TopicAsync(source)).State);
        Assert.Equal(target, (await TopicAsync(source)).MergedIntoId);
        Assert.Equal(0, await SupportsAsync(source));
        Assert.Equal(3, await SupportsAsync(target));
        var list = await Topics.ListAsync(_staff, _community);
        var merged = list.Topics.Single(t => t.Id == source);
        Assert.Equal("广场晚间照明", merged.MergedIntoTitle);
    }

    [Fact]
    public async Task Support_WithTheCode_CountsOnce_AndASecondSupportOfTheAddressIsRefused()
    {
        var id = await ProposeAsync();

        var count = await SupportAsync(id, Email);
        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        await Topics.SendCodeAsync("shiyan", _community, Email);
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.SupportAsync("shiyan", _community, id, " supporter@EXAMPLE.cn ", LastCode(Stored)));

        Assert.Equal(1, count);
        Assert.Contains("已经附议过", again.ErrorFor(TopicService.ContactField));
        Assert.Equal(1, await SupportsAsync(id));
        Assert.EndsWith($"/s/shiyan/c/{_community}", _email.To(Stored)[0].Notices[0].Url);
    }

    [Fact]
    public async Task Support_WithoutACode_OrAWrongOne_IsRefused_AndStoresNothing()
    {
        var id = await ProposeAsync();
        await Topics.SendCodeAsync("shiyan", _community, Email);
        var code = LastCode(Stored);

        var none = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.SupportAsync("shiyan", _community, id, Email, ""));
        var wrong = await Assert.ThrowsAsync<ValidationFailedException>(() => Topics.SupportAsync("shiyan", _community, id, Email, code == "000000" ? "111111" : "000000"));
        var otherStreet = await Assert.ThrowsAsync<NotFoundException>(() => Topics.SupportAsync("xinghai", _community, id, Email, code));

        Assert.NotNull(none.ErrorFor(TopicService.CodeField));
        Assert.Contains("验证码不对", wrong.ErrorFor(TopicService.CodeField));
        Assert.NotNull(otherStreet);
        Assert.Equal(0, await SupportsAsync(id));
    }

    [Fact]
    public async Task Support_OfAClosedTopic_IsRefused()
    {
        var id = await ProposeAsync();
        await Topics.DeclineAsync(_staff, id, "不予受理");
        await Topics.SendCodeAsync("shiyan", _community, Email);

        await Assert.ThrowsAsync<DomainException>(() => Topics.SupportAsync("shiyan", _community, id, Email, LastCode(Stored)));

        Assert.Equal(0, await SupportsAsync(id));
    }

    [Fact]
    public async Task Supports_AtTheThreshold_FlagTheTopic_FirstOnTheStaffList_AndCounted()
    {
        await using var strict = await TestDatabase.CreateAsync(services: s =>
        {
            s.AddSingleton<INoticeChannel>(_email);
            s.Configure<CouncilOptions>(o => o.SupportsToAnswer = 2);
        });
        var topics = strict.Get<TopicService>();
        var staff = await strict.ActorAsync("staff01");
        var id = await topics.ProposePublicAsync("shiyan", _community, Input("新提的议题"));
        var before = await topics.ListAsync(staff, _community);
        for (var i = 0; i < 2; i++)
        {
            var address = $"t{i}@example.cn";
            await topics.SendCodeAsync("shiyan", _community, address);
            await topics.SupportAsync("shiyan", _community, id, address, LastCode(address));
        }

        var after = await topics.ListAsync(staff, _community);
        var page = (await topics.PublicPageAsync("shiyan", _community))!;

        Assert.False(before.Topics.Single(t => t.Id == id).MustAnswer);
        Assert.True(after.Topics.Single(t => t.Id == id).MustAnswer);
        Assert.True(after.Topics[0].MustAnswer);
        Assert.Equal(after.Topics.Count(t => t.MustAnswer), after.MustAnswer);
        Assert.Equal(before.MustAnswer + 1, after.MustAnswer);
        Assert.True(page.Topics.Single(t => t.Id == id).MustAnswer);
    }

    [Fact]
    public async Task Demo_HasTopicsInEveryState_AndOnePastTheThreshold()
    {
        var list = await Topics.ListAsync(_convener, _community);
        var other = await Topics.ListAsync(_convener, _otherCommunity);

        foreach (var state in Enum.GetValues<TopicState>())
        {
            Assert.True(list.Counts[state] + other.Counts[state] > 0, $"No demo topic is {state}.");
        }
        Assert.Equal(1, list.MustAnswer);
        Assert.True(list.Topics[0].MustAnswer);
        Assert.Equal(3, list.Topics.Where(t => t.MeetingKind is not null).Select(t => t.MeetingKind).Distinct().Count());
    }

    [Fact]
    public async Task Supports_KeepNoAddressInClear()
    {
        var id = await ProposeAsync();
        await SupportAsync(id, Email);
        await SupportAsync(id, "139 1234 5678");

        await using var db = _db.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM \"TopicSupports\"";
        var values = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
        }
        var audit = await db.AuditEntries.Where(a => a.Action == "Topic.Supported").Select(a => a.Subject + " " + a.Details).ToListAsync();

        Assert.Equal(2, await SupportsAsync(id));
        Assert.NotEmpty(values);
        Assert.DoesNotContain(values, v => v.Contains("supporter", StringComparison.OrdinalIgnoreCase) || v.Contains("13912345678", StringComparison.Ordinal) || v.Contains("5678", StringComparison.Ordinal) && v.Length < 20);
        Assert.All(audit, a => Assert.DoesNotContain("supporter", a, StringComparison.OrdinalIgnoreCase));
        Assert.All(audit, a => Assert.DoesNotContain("13912345678", a, StringComparison.Ordinal));
    }
}
