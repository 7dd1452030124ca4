using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Streets;

namespace CongressHub.Tests.Directory;

public class DirectoryRulesTests
{
    [Fact]
    public void CreateDelegate_ResidentRepresentativeWithoutCommunity_IsRefusedNamingTheField()
    {
        var input = new DelegateInput("张三", DelegateCategory.ResidentRepresentative, null, null);

        var ex = Assert.Throws<ValidationFailedException>(() => CongressDelegate.Create(1, 1, input));

        Assert.NotNull(ex.ErrorFor(nameof(DelegateInput.CommunityId)));
    }

    [Fact]
    public void CreateDelegate_DeputyWithoutCommunity_IsAccepted()
    {
        var d = CongressDelegate.Create(1, 1, new DelegateInput(" 李四 ", DelegateCategory.PeoplesCongressDeputy, null, "138 0000 1234"));

        Assert.Equal("李四", d.Name);
        Assert.Equal("13800001234", d.Phone);
    }

    [Theory]
    [InlineData("13800001234", true)]
    [InlineData("010-12345678", true)]
    [InlineData("0571 8765432", true)]
    [InlineData("12345", false)]
    [InlineData("1380000123x", false)]
    [InlineData("23800001234", false)]
    public void IsValidPhone_AcceptsMobilesAndLandlinesOnly(string phone, bool valid) =>
        Assert.Equal(valid, ContactRules.IsValidPhone(phone));

    [Fact]
    public void CreateDelegate_EmptyNameAndBadPhone_ReportsBothFields()
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            CongressDelegate.Create(1, 1, new DelegateInput("  ", DelegateCategory.CppccMember, null, "123")));

        Assert.NotNull(ex.ErrorFor(nameof(DelegateInput.Name)));
        Assert.NotNull(ex.ErrorFor(nameof(DelegateInput.Phone)));
    }

    [Fact]
    public void Retire_Twice_IsRefused()
    {
        var d = CongressDelegate.Create(1, 1, new DelegateInput("王五", DelegateCategory.CppccMember, null, null));
        d.Retire("moved away", TestNow);

        var ex = Assert.Throws<DomainException>(() => d.Retire(null, TestNow));

        Assert.Contains("王五", ex.Message);
    }

    [Fact]
    public void Update_AfterRetirement_IsRefused()
    {
        var d = CongressDelegate.Create(1, 1, new DelegateInput("王五", DelegateCategory.CppccMember, null, null));
        d.Retire(null, TestNow);

        Assert.Throws<DomainException>(() => d.Update(new DelegateInput("王六", DelegateCategory.CppccMember, null, null)));
        Assert.Equal("王五", d.Name);
    }

    [Theory]
    [InlineData(3, QuotaStatus.Under)]
    [InlineData(4, QuotaStatus.Within)]
    [InlineData(5, QuotaStatus.Within)]
    [InlineData(6, QuotaStatus.Over)]
    public void QuotaFor_DefaultFourToFive(int reps, QuotaStatus expected)
    {
        var term = Term.Create(1, new TermInput(3, new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31)));

        Assert.Equal(expected, term.QuotaFor(reps));
    }

    [Fact]
    public void CreateTerm_EndingBeforeItStarts_IsRefused()
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            Term.Create(1, new TermInput(3, new DateOnly(2026, 1, 1), new DateOnly(2025, 1, 1))));

        Assert.NotNull(ex.ErrorFor(nameof(TermInput.EndsOn)));
    }

    [Fact]
    public void CreateTerm_MaxBelowMin_IsRefused() =>
        Assert.Throws<ValidationFailedException>(() =>
            Term.Create(1, new TermInput(3, new DateOnly(2026, 1, 1), new DateOnly(2030, 1, 1), 5, 4)));

    [Theory]
    [InlineData("居民代表", DelegateCategory.ResidentRepresentative)]
    [InlineData("resident", DelegateCategory.ResidentRepresentative)]
    [InlineData("人大代表", DelegateCategory.PeoplesCongressDeputy)]
    [InlineData(" CPPCC ", DelegateCategory.CppccMember)]
    [InlineData("社区书记/主任", DelegateCategory.CommunityHead)]
    [InlineData("社区主任", DelegateCategory.CommunityHead)]
    [InlineData("Community secretary / director", DelegateCategory.CommunityHead)]
    public void ParseCategory_ReadsCodesAndNames(string text, DelegateCategory expected) =>
        Assert.Equal(expected, DelegateCategories.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("代表")]
    [InlineData("mayor")]
    public void ParseCategory_Unknown_IsNull(string text) => Assert.Null(DelegateCategories.Parse(text));

    [Theory]
    [InlineData("shiyan", true)]
    [InlineData("xing-hai2", true)]
    [InlineData("Shiyan", false)]
    [InlineData("9lives", false)]
    [InlineData("示例", false)]
    [InlineData("a", false)]
    public void StreetSlug_IsShortLowerCaseLatin(string slug, bool valid) => Assert.Equal(valid, Street.IsValidSlug(slug));

    private static readonly DateTime TestNow = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);
}
