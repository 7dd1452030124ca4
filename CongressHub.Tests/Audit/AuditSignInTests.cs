using System.Net;
using System.Net.Http.Json;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using CongressHub.Web.Hosting.Commands;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Audit;

/// <summary>Sign-ins through the real app land in the audit chain of the user's street; the verify-audit command reads the chains.</summary>
public class AuditSignInTests : FreshAppTest
{
    [Fact]
    public async Task TokenForADelegate_AndPasswordSignInForTheConvener_EachAddASignInToStreetOnesChain()
    {
        var street = (await SignInTests.ActorOf(App, "convener")).StreetId!.Value;

        await AppFactory.TokenAsync(Client, "delegate01");
        var signIn = await AppFactory.PostSignInAsync(App.NewBrowserClient(), "convener", DemoSeeder.Password);

        Assert.Equal("/dashboard", AppFactory.Where(signIn));
        var entries = await EntriesAsync();
        Assert.Equal(
            [(street, 1L, "Account.SignedIn", "Account delegate01", "delegate01", "token (password)"), (street, 2L, "Account.SignedIn", "Account convener", "convener", "password")],
            entries.Select(e => (e.StreetId, e.Sequence, e.Action, e.Subject, e.UserName, e.Details)));
        Assert.DoesNotContain(entries, e => e.Details.Contains(DemoSeeder.Password) || e.Subject.Contains(DemoSeeder.Password));
        Assert.True((await App.Services.GetRequiredService<AuditTrail>().VerifyChainAsync(street)).Intact);
    }

    [Fact]
    public async Task CardSignIn_AndCardToken_AreRecorded_WithoutTheCode()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var delegateId = (await SignInTests.ActorOf(App, "delegate09")).DelegateId!.Value;
        var card = await App.Services.GetRequiredService<CardService>().IssueAsync(convener, delegateId);

        var form = await AppFactory.PostCardSignInAsync(App.NewBrowserClient(), CardCode.Format(card.Code));
        var token = await Client.PostAsJsonAsync("/api/auth/token", new { code = card.Code });

        Assert.Equal("/dashboard", AppFactory.Where(form));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var entries = await EntriesAsync();
        Assert.Equal(
            [(convener.StreetId!.Value, "delegate09", "card"), (convener.StreetId!.Value, "delegate09", "token (card)")],
            entries.Select(e => (e.StreetId, e.UserName, e.Details)));
        var code = card.Code.Replace("-", "", StringComparison.Ordinal);
        Assert.DoesNotContain(entries, e => $"{e.Subject} {e.Details}".Replace("-", "", StringComparison.Ordinal).Contains(code, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task CityAdminSignIn_GoesToTheCityChain()
    {
        await AppFactory.TokenAsync(Client, "admin");

        var entry = Assert.Single(await EntriesAsync());

        Assert.Equal((AuditEntry.CityChain, "admin", "token (password)"), (entry.StreetId, entry.UserName, entry.Details));
    }

    [Fact]
    public async Task FailedSignIns_AreNotRecorded()
    {
        await AppFactory.PostSignInAsync(App.NewBrowserClient(), "convener", "wrong-password");
        await AppFactory.PostSignInAsync(App.NewBrowserClient(), "nobody", DemoSeeder.Password);
        await Client.PostAsJsonAsync("/api/auth/token", new { userName = "delegate01", password = "wrong" });
        await Client.PostAsJsonAsync("/api/auth/token", new { code = "0000-0000-0000-0000-0000-0000-00" });
        await AppFactory.PostCardSignInAsync(App.NewBrowserClient(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ");

        Assert.Empty(await EntriesAsync());
    }

    [Fact]
    public async Task AuditPage_AsDelegate_IsDenied_AsConvener_Opens()
    {
        var delegate01 = App.NewBrowserClient();
        var convener = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(delegate01, "delegate01", DemoSeeder.Password);
        await AppFactory.PostSignInAsync(convener, "convener", DemoSeeder.Password);

        var denied = await delegate01.GetAsync("/audit");
        var page = await convener.GetAsync("/audit");

        Assert.StartsWith("/denied", AppFactory.Where(denied));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("审计记录", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task VerifyAuditCommand_IntactChains_ExitZero_AfterTampering_ExitOne_NamingTheEntry()
    {
        var street = (await SignInTests.ActorOf(App, "convener")).StreetId!.Value;
        await AppFactory.TokenAsync(Client, "delegate01");
        await AppFactory.TokenAsync(Client, "delegate02");
        await AppFactory.TokenAsync(Client, "convener2");
        await AppFactory.TokenAsync(Client, "admin");

        var (intact, before) = await VerifyAsync("verify-audit");
        await using (var db = NewContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE AuditEntries SET UserName = 'someone else' WHERE StreetId = {street} AND Sequence = 2");
        }
        var (broken, after) = await VerifyAsync("verify-audit");
        var (oneStreet, other) = await VerifyAsync("verify-audit", "xinghai");
        var (unknown, unknownText) = await VerifyAsync("verify-audit", "atlantis");
        var (_, timed) = await VerifyAsync("verify-audit", "--timing");

        Assert.Equal(0, intact);
        Assert.Equal(["city: 1 entry, intact", "street shiyan: 2 entries, intact", "street xinghai: 1 entry, intact"], Lines(before));
        Assert.Equal(1, broken);
        Assert.Equal(["city: 1 entry, intact", "street shiyan: broken at entry #2: This entry's content was altered.", "street xinghai: 1 entry, intact"], Lines(after));
        Assert.Equal(0, oneStreet);
        Assert.Equal(["street xinghai: 1 entry, intact"], Lines(other));
        Assert.Equal(1, unknown);
        Assert.Contains("atlantis", unknownText);
        // Asked for, the chains' own time comes last, after the same lines: the entries of every chain, counted.
        Assert.Equal(Lines(after), Lines(timed)[..^1]);
        Assert.Matches(@"^4 entries verified in \d+\.\d{3} s \(\d+ entries a second\)$", Lines(timed)[^1]);
    }

    /// <summary>
    /// Whoever can write the database can edit an entry and recompute every hash after it: the plain check then says
    /// intact. An anchor published before the edit (the head as of a midnight) catches it.
    /// </summary>
    [Fact]
    public async Task VerifyAuditCommand_AChainRewrittenAfterItsAnchorWasPublished_PassesThePlainCheck_ButNotTheAnchor()
    {
        var street = (await SignInTests.ActorOf(App, "convener")).StreetId!.Value;
        foreach (var account in new[] { "delegate01", "delegate02", "delegate03" })
        {
            await AppFactory.TokenAsync(Client, account);
        }
        // The head as of tonight's midnight: what tomorrow's minutes print and the feed carries.
        var trail = App.Services.GetRequiredService<AuditTrail>();
        var anchor = (await trail.AnchorAsync(street, DateTime.UtcNow.AddDays(1)))!;
        var (held, heldText) = await VerifyAsync("verify-audit", "shiyan", "--expect", anchor.ToString());

        await using (var db = NewContext())
        {
            // The forger edits the second entry and seals it and every entry after it again.
            var chain = await db.AuditEntries.Where(e => e.StreetId == street).OrderBy(e => e.Sequence).ToListAsync();
            db.Entry(chain[1]).Property(e => e.UserName).CurrentValue = "someone else";
            for (var i = 1; i < chain.Count; i++)
            {
                chain[i].Seal(chain[i].Sequence, chain[i - 1].Hash);
            }
            await db.SaveChangesAsync();
        }
        var (plain, plainText) = await VerifyAsync("verify-audit", "shiyan");
        var (anchored, anchoredText) = await VerifyAsync("verify-audit", "shiyan", "--expect", anchor.ToString());
        var (malformed, malformedText) = await VerifyAsync("verify-audit", "shiyan", "--expect", "12:not-a-hash");
        var (noStreet, noStreetText) = await VerifyAsync("verify-audit", "--expect", anchor.ToString());

        Assert.Equal(3, anchor.Sequence);
        Assert.Equal(0, held);
        Assert.Contains("street shiyan: anchor #3 held", Lines(heldText));
        Assert.Equal(0, plain);
        Assert.Equal(["street shiyan: 3 entries, intact"], Lines(plainText));
        Assert.Equal(1, anchored);
        Assert.Contains("street shiyan: anchor #3: the chain's entry has another hash than the published anchor: the chain was rewritten after the anchor was published.", Lines(anchoredText));
        Assert.Equal((1, 1), (malformed, noStreet));
        Assert.Contains("SEQ:HASH", malformedText);
        Assert.Contains("name the street", noStreetText);
    }

    private async Task<(int ExitCode, string Output)> VerifyAsync(params string[] args)
    {
        using var output = new StringWriter();
        var code = await CongressCommands.RunAsync(args, CommandConsole.Into(output), App.Services);
        return (code, output.ToString());
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private CongressDbContext NewContext() => App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = NewContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.StreetId).ThenBy(e => e.Sequence).ToListAsync();
    }
}
