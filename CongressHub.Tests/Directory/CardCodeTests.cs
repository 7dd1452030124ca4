using CongressHub.Domain.Directory;

namespace CongressHub.Tests.Directory;

public class CardCodeTests
{
    [Fact]
    public void New_Is26CharactersOfTheCrockfordAlphabet_AndDiffersEachTime()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => CardCode.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Normalize_ForgivesCaseSeparatorsAndLookAlikes()
    {
        var code = "7K3Q0000111122223333ABCDEF";

        Assert.Equal(code, CardCode.Normalize("7k3q-oooo-iiii-2222-3333-abcd-ef"));
        Assert.Equal(CardCode.Hash(code), CardCode.Hash(CardCode.Format(code).ToLowerInvariant()));
    }

    [Fact]
    public void Normalize_ForeignCharacters_GivesEmpty() => Assert.Equal("", CardCode.Normalize("7K3Q+0000"));

    [Fact]
    public void Hash_IsSha256Hex_NotTheCode()
    {
        var code = CardCode.New();

        var hash = CardCode.Hash(code);

        Assert.Matches("^[0-9A-F]{64}$", hash);
        Assert.DoesNotContain(code, hash);
    }

    [Fact]
    public void Format_GroupsOfFour() => Assert.Equal("ABCD-EFGH-JK", CardCode.Format("ABCDEFGHJK"));
}
