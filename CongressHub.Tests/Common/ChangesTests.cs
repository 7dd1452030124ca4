using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Common;

/// <summary>The unit of change every write goes through: audited and saved together, announced only after the commit.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ChangesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _street;

    private Changes Changes => _db.Get<Changes>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _street = _convener.StreetId!.Value;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Commit_SavesTheChangeWithItsAuditEntry_ThenAnnounces()
    {
        var before = await EntriesAsync();

        await using (var change = await Changes.BeginAsync(_convener, _street))
        {
            change.Db.Departments.Add(Department.Create(_street, new NamedInput("档案科", 90)));
            change.Audit("Test.DepartmentAdded", "Department 档案科");
            change.Announce(new CommitteeChanged(_street));
            change.Announce(new CommitteeChanged(_street));
            Assert.DoesNotContain(_db.Events.All, e => e is CommitteeChanged);
            await change.CommitAsync();
        }

        await using var db = _db.NewContext();
        Assert.True(await db.Departments.AnyAsync(d => d.StreetId == _street && d.Name == "档案科"));
        var entries = await EntriesAsync();
        Assert.Equal(before + 1, entries);
        Assert.Single(_db.Events.All, e => e is CommitteeChanged);
        Assert.True((await _db.Get<AuditTrail>().VerifyChainAsync(_street)).Intact);
    }

    [Fact]
    public async Task AFailedCommit_WritesNothing_NotEvenItsAuditEntry_AndAnnouncesNothing()
    {
        var before = await EntriesAsync();
        var taken = await DepartmentNameAsync();

        await using (var change = await Changes.BeginAsync(_convener, _street))
        {
            change.Db.Departments.Add(Department.Create(_street, new NamedInput("档案科", 90)));
            await change.SaveAsync();
            change.Audit("Test.DepartmentsAdded", "Departments");
            // The street's department names are unique: this one fails the save, after the first was written.
            change.Db.Departments.Add(Department.Create(_street, new NamedInput(taken, 91)));
            change.Announce(new CommitteeChanged(_street));
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => change.CommitAsync());
        }

        await using var db = _db.NewContext();
        Assert.False(await db.Departments.AnyAsync(d => d.Name == "档案科"));
        Assert.Equal(before, await EntriesAsync());
        Assert.DoesNotContain(_db.Events.All, e => e is CommitteeChanged);
    }

    [Fact]
    public async Task AChangeNotCommitted_IsDiscarded_AndAnnouncesNothing()
    {
        var before = await EntriesAsync();

        await using (var change = await Changes.BeginAsync(_convener, _street))
        {
            change.Db.Departments.Add(Department.Create(_street, new NamedInput("档案科", 90)));
            change.Audit("Test.DepartmentAdded", "Department 档案科");
            change.Announce(new CommitteeChanged(_street));
        }

        await using var db = _db.NewContext();
        Assert.False(await db.Departments.AnyAsync(d => d.Name == "档案科"));
        Assert.Equal(before, await EntriesAsync());
        Assert.DoesNotContain(_db.Events.All, e => e is CommitteeChanged);
    }

    [Fact]
    public async Task WhatAChangeSaves_AnnouncesWhatItBelongsTo_WithoutBeingToldTo()
    {
        int sessionId;
        string userId;
        await using (var db = _db.NewContext())
        {
            sessionId = await db.Sessions.Where(s => s.StreetId == _street).Select(s => s.Id).FirstAsync();
            userId = await db.Users.Where(u => u.UserName == "delegate01").Select(u => u.Id).SingleAsync();
        }

        await using (var change = await Changes.BeginAsync(_convener, _street))
        {
            change.Db.MinutesEntries.Add(Domain.Sessions.MinutesEntry.Log(sessionId, change.Now, "Log.Started", 1, 2, 2));
            (await change.Db.Users.SingleAsync(u => u.Id == userId)).SecurityStamp = "rotated";
            Assert.Empty(_db.Events.All);
            await change.CommitAsync();
        }

        Assert.Contains(new SessionChanged(_street, sessionId), _db.Events.All);
        Assert.Contains(new AccountSignedOut(_street, userId), _db.Events.All);
        Assert.Equal(2, _db.Events.All.Count);
    }

    [Fact]
    public async Task AChange_InAnotherStreet_IsRefused()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => Changes.BeginAsync(_convener, _street + 1000));
    }

    [Fact]
    public async Task AStreetsChainLock_DoesNotHoldUpAnotherStreet()
    {
        var other = await _db.Get<Domain.Streets.StreetService>().CreateStreetAsync(await _db.ActorAsync("admin"), new Domain.Streets.StreetInput("changes-test", "变更测试街道"));
        await using var held = await Changes.LockChainsAsync([_street], TestContext.Current.CancellationToken);

        await using (var change = await Changes.BeginAsync(null, other))
        {
            change.Audit("Test.Done", "Street " + other);
            await change.CommitAsync(TestContext.Current.CancellationToken);
        }

        Assert.True((await _db.Get<AuditTrail>().VerifyChainAsync(other)).Intact);
        Assert.Equal(1, (await _db.Get<AuditTrail>().VerifyChainAsync(other)).Entries);
    }

    private async Task<int> EntriesAsync()
    {
        await using var db = _db.NewContext();
        return await db.AuditEntries.CountAsync(e => e.StreetId == _street);
    }

    private async Task<string> DepartmentNameAsync()
    {
        await using var db = _db.NewContext();
        return await db.Departments.Where(d => d.StreetId == _street).Select(d => d.Name).FirstAsync();
    }
}
