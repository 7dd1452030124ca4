using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Voting;

namespace CongressHub.Tests.Resolutions;

/// <summary>A resolution's own rules: its draft's wording is edited and kept by version, then it is published once.</summary>
public class ResolutionTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);

    private const string Title = "关于规范小区内快递柜设置的议案";
    private const string Text = "建议各小区快递柜统一设置在小区出入口附近。";

    private static (Resolution Resolution, Vote Vote) Adopted()
    {
        var vote = Vote.Prepare(1, 2, motionId: 3, agendaItemId: 4, Title, secret: true, MajorityRule.HalfOfAll, Now);
        vote.Open(36, 40, quorate: true, Now);
        vote.Close(29, 4, 3, Now.AddMinutes(10));
        return (Resolution.Draft(vote, Title, Text, Now.AddMinutes(10)), vote);
    }

    [Fact]
    public void Edit_ADraft_ChangesItsWording_AndReturnsTheVersionSaved()
    {
        var (resolution, _) = Adopted();

        var version = resolution.Edit("  关于规范小区内快递柜设置的决议 ", "各小区快递柜统一设置在小区出入口附近。\n", "convener", Now.AddDays(1));

        Assert.Equal(("关于规范小区内快递柜设置的决议", "各小区快递柜统一设置在小区出入口附近。"), (resolution.Title, resolution.Text));
        Assert.Equal((resolution.Title, resolution.Text, "convener", Now.AddDays(1)), (version.Title, version.Text, version.EditedBy, version.EditedUtc));
        Assert.Equal(1, resolution.Version);
    }

    [Fact]
    public void Edit_ThatChangesNothing_IsRefused()
    {
        var (resolution, _) = Adopted();

        var refused = Assert.Throws<DomainException>(() => resolution.Edit(Title + " ", Text, "convener", Now));

        Assert.Contains("没有需要保存的修改", refused.Message);
        Assert.Equal(0, resolution.Version);
    }

    [Theory]
    [InlineData("", Text, "Title")]
    [InlineData("   ", Text, "Title")]
    [InlineData(Title, " ", "Text")]
    [InlineData(Title, null, "Text")]
    public void Edit_WithAnEmptyField_IsRefusedOnThatField(string? title, string? text, string field)
    {
        var (resolution, _) = Adopted();

        var refused = Assert.Throws<ValidationFailedException>(() => resolution.Edit(title, text, "convener", Now));

        Assert.Equal(field, refused.Errors.Single().Field);
        Assert.Equal((Title, Text), (resolution.Title, resolution.Text));
    }

    [Fact]
    public void Edit_TooLong_IsRefused_AtTheLimitsAccepted()
    {
        var (resolution, _) = Adopted();

        var refused = Assert.Throws<ValidationFailedException>(() =>
            resolution.Edit(new string('题', Resolution.TitleMaxLength + 1), new string('文', Resolution.TextMaxLength + 1), "convener", Now));
        resolution.Edit(new string('题', Resolution.TitleMaxLength), new string('文', Resolution.TextMaxLength), "convener", Now);

        Assert.Equal(["Title", "Text"], refused.Errors.Select(e => e.Field));
        Assert.Equal(Resolution.TextMaxLength, resolution.Text.Length);
    }

    [Fact]
    public void Publish_BeforeTheVoteResultIsPublished_IsRefused()
    {
        var (resolution, vote) = Adopted();

        var refused = Assert.Throws<DomainException>(() => resolution.Publish(vote, 2026, 4, 1, Now));

        Assert.Contains("表决结果尚未公布", refused.Message);
        Assert.False(resolution.IsPublished);
        Assert.Null(resolution.Number);
    }

    [Fact]
    public void Publish_NumbersIt_MakesItsImplementationPublicUnderTheEditedWording_AndEndsEditing()
    {
        var (resolution, vote) = Adopted();
        resolution.Edit("关于规范小区内快递柜设置的决议", Text, "convener", Now);
        vote.Publish(Now.AddDays(1));

        resolution.Publish(vote, 2026, 3, 4, Now.AddDays(2));

        Assert.Equal(("2026-Q3-04", ResolutionStatus.Published), (resolution.Number, resolution.Status));
        Assert.True(resolution.Implementation.Publishable);
        Assert.Equal("关于规范小区内快递柜设置的决议", resolution.Implementation.Title);
        var refused = Assert.Throws<DomainException>(() => resolution.Edit("再改一次", Text, "convener", Now.AddDays(3)));
        Assert.Contains("2026-Q3-04 已经公布，不能再修改", refused.Message);
        Assert.Throws<DomainException>(() => resolution.Publish(vote, 2026, 3, 5, Now.AddDays(3)));
    }

    [Fact]
    public void EnsureVersion_OlderThanTheStoredOne_IsRefusedAsAConflict()
    {
        var (resolution, _) = Adopted();
        resolution.Edit("关于规范小区内快递柜设置的决议", Text, "convener", Now);

        resolution.EnsureVersion(1);
        var refused = Assert.Throws<DomainException>(() => resolution.EnsureVersion(0));

        Assert.Contains("另一位召集人刚刚修改了这项决议", refused.Message);
    }
}
